"""Running Python in the hub's Django console (``pulpcore-manager shell``).

The console command is a command line that reads Python code on standard
input: the local hub's own (``hubtask hub env`` prints it), or for a remote hub
e.g. ``ssh hub pulpcore-manager shell`` or
``kubectl exec -i deploy/hub-api -- pulpcore-manager shell``.
"""

from __future__ import annotations

import selectors
import shlex
import subprocess
import time

from .errors import HubError, InvalidArgumentError


def run_console(command: str | None, code: str, timeout: float) -> str:
    """Run ``code`` through ``command`` and return what it printed."""
    if not command:
        raise InvalidArgumentError(
            "No hub console command configured: give console_command=... when importing "
            "the library or set HUB_CONSOLE_COMMAND (the local hub sets it)."
        )
    try:
        argv = shlex.split(command)
    except ValueError as err:
        raise InvalidArgumentError(f"console_command cannot be parsed: {err}.") from None
    try:
        done = subprocess.run(
            argv, input=code, capture_output=True, text=True, timeout=timeout, check=False
        )
    except FileNotFoundError:
        raise InvalidArgumentError(f"console_command '{argv[0]}' was not found.") from None
    except subprocess.TimeoutExpired:
        raise HubError(f"The hub console did not finish within {timeout:g} s.") from None
    if done.returncode != 0 or "Traceback (most recent call last)" in done.stderr:
        last = [line for line in done.stderr.strip().splitlines() if line.strip()][-1:]
        raise HubError(
            f"The hub console failed (exit {done.returncode}): "
            f"{last[0] if last else 'no error output'}"
        )
    return done.stdout


def start_console(command: str | None, code: str) -> subprocess.Popen[str]:
    """Start ``code`` in the console and leave it running (see :class:`HeldTask`)."""
    if not command:
        run_console(command, "", 1)  # raises the "not configured" error
    try:
        proc = subprocess.Popen(
            shlex.split(command or ""),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    except FileNotFoundError:
        raise InvalidArgumentError(f"console_command '{command}' was not found.") from None
    assert proc.stdin is not None
    proc.stdin.write(code)
    proc.stdin.close()
    return proc


def read_marker(proc: subprocess.Popen[str], marker: str, timeout: float) -> str:
    """The rest of the first stdout line starting with ``marker``; fails on exit or timeout."""
    assert proc.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            if not selector.select(left):
                break
            line = proc.stdout.readline()
            if line.startswith(marker):
                return line[len(marker) :].strip()
            if not line:  # the console ended without printing the marker
                err = (proc.stderr.read() if proc.stderr else "").strip().splitlines()
                raise HubError(
                    f"The hub console ended (exit {proc.wait()}) before reporting: "
                    f"{err[-1] if err else 'no error output'}"
                )
    proc.kill()
    raise HubError(f"The hub console did not report within {timeout:g} s.")


# Runs inside the hub's Django shell. It creates a task row in state "running"
# and holds it the way a worker holds the task it runs, so that the workers do
# not take it for abandoned and fail it ("Worker has gone missing."):
# - pulpcore 3.28 (galaxy_ng 4.9): the task's advisory lock, taken in the same
#   transaction as the row (workers fail any "running" task they can lock);
# - newer pulpcore (3.123 has no ``Task.__enter__``): the ``app_lock`` field,
#   pointing at an app status this process registers and keeps alive with
#   heartbeats (workers fetch only tasks whose ``app_lock`` is empty, and clear
#   it when its app's heartbeat is older than its TTL).
# It then behaves like a worker for that one task: a cancel request (state
# "canceling") makes it "canceled". It ends when the task is final, when the
# process that started it goes away, on SIGTERM, or after ``lifetime`` seconds;
# a task still running then is canceled first.
HELD_TASK_CODE = """
import os, signal, socket, time
from django.db import transaction
from django.utils import timezone
from pulpcore.app.models import Task
parent = os.getppid()
fields = dict(
    state="running", name={name!r}, logging_cid={cid!r},
    reserved_resources_record=[], started_at=timezone.now(),
)
app = None
if hasattr(Task, "app_lock"):
    from pulpcore.app.models import AppStatus
    app = AppStatus.objects.create(
        app_type="api", name=f"hubtask-held-task-{{os.getpid()}}@{{socket.gethostname()}}"
    )
    task = Task.objects.create(unblocked_at=timezone.now(), app_lock=app, **fields)
else:
    with transaction.atomic():
        task = Task.objects.create(**fields)
        task.__enter__()
# SIGTERM (the library stopping us) ends the loop at its next turn: raising
# from the handler could break a query half-way and leave the task running.
stop = []
signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
print("HUBTASK-TASK", task.pk, flush=True)
end = time.monotonic() + {lifetime!r}
beat = time.monotonic()
try:
    while True:
        state = Task.objects.filter(pk=task.pk).values_list("state", flat=True).first()
        if state == "canceling":
            task.set_canceled()
            break
        if state != "running":
            break
        if stop or os.getppid() != parent or time.monotonic() > end:
            break
        if app is not None and time.monotonic() - beat > 10:
            app.save_heartbeat()
            beat = time.monotonic()
        time.sleep(0.2)
finally:
    # Whoever ends the holder while the task runs: the task ends canceled.
    if Task.objects.filter(pk=task.pk, state__in=["running", "canceling"]).exists():
        task.set_canceling()
        task.set_canceled()
    if app is not None:
        app.delete()
    else:
        task.__exit__(None, None, None)
"""


class HeldTask:
    """A long-running task row kept alive by a console process that holds its lock."""

    def __init__(self, command: str | None, name: str, cid: str, lifetime: float, timeout: float):
        code = HELD_TASK_CODE.format(name=name, cid=cid, lifetime=lifetime)
        self.proc = start_console(command, code)
        try:
            self.uuid = read_marker(self.proc, "HUBTASK-TASK ", timeout)
        except BaseException:
            self.stop()
            raise

    def stop(self, grace: float = 5.0) -> None:
        """End the holder; it cancels its task first when its parent goes away."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
