"""The contenders: galaxykit's CLI, a plain 1 s poller, HubTaskLibrary.

Each ``seed`` method runs the seed scenario once in namespace ``ns`` and
returns seconds per step (``namespace``, ``upload``, ``approve``, ``delete``)
and the ``total``.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hubtiming import FINAL, TASKS, Hub, uuid_of
from robot.api import ExecutionResult

from HubTaskLibrary.client.artifacts import build_collection

HERE = Path(__file__).resolve().parent
GALAXYKIT = "galaxykit==0.14.0"
COLLECTIONS = ("collection1", "collection2", "collection3")
STEPS = ("namespace", "upload", "approve", "delete")


# -- (a) galaxykit 0.14.0, one CLI process per step, as Cypress suites call it ------
def ensure_galaxykit(venv: Path) -> Path:
    """A venv of its own with galaxykit and ansible-galaxy (ansible-core < 2.15)."""
    bindir = venv / "bin"
    if not (bindir / "galaxykit").exists() or not (bindir / "ansible-galaxy").exists():
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(venv)], check=True)
        pip = [str(bindir / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, GALAXYKIT, "ansible-core<2.15"], check=True)
    return bindir


class Galaxykit:
    def __init__(self, hub: Hub, bindir: Path):
        self.hub = hub
        self.bindir = bindir
        self.env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}

    def run(self, *args: str) -> float:
        argv = [str(self.bindir / "galaxykit"), "-s", self.hub.api]
        argv += ["-u", self.hub.username, "-p", self.hub.password, *args]
        started = time.monotonic()
        proc = subprocess.run(argv, env=self.env, capture_output=True, text=True)
        elapsed = time.monotonic() - started
        if proc.returncode != 0:
            raise RuntimeError(f"galaxykit {' '.join(args)}: {proc.stderr[-500:]}")
        return elapsed

    def seed(self, ns: str) -> dict[str, float]:
        steps = {"namespace": self.run("namespace", "create", ns) + self.run("task", "wait", "all")}
        steps["upload"] = sum(self.run("collection", "upload", ns, c) for c in COLLECTIONS)
        steps["upload"] += self.run("task", "wait", "all")
        steps["approve"] = self.run("collection", "move", ns, "collection1")
        steps["approve"] += self.run("task", "wait", "all")
        steps["delete"] = self.run("collection", "delete", ns, "collection1")
        steps["delete"] += self.run("task", "wait", "all")
        steps["total"] = sum(steps.values())
        return steps


# -- (b) a plain client polling every second (pulp-glue / galaxy_ng helper style) ---
class Poller:
    """Dispatches with requests and polls every ``interval`` seconds.

    ``wait_tasks`` follows child tasks too, so it waits for as much as the
    library does; ``wait_all`` polls the list of unfinished tasks.
    """

    def __init__(self, hub: Hub, interval: float = 1.0):
        self.hub = hub
        self.interval = interval

    # dispatching (shared with the wait-overhead section)
    def create_namespace(self, ns: str) -> None:
        self.hub.call("POST", "v3/namespaces/", json={"name": ns, "groups": []})

    def upload(self, path: Path) -> str:
        files = {"file": (path.name, path.read_bytes(), "application/x-tar")}
        body, _ = self.hub.call("POST", "v3/artifacts/collections/", files=files)
        return uuid_of(body["task"])

    def approve(self, ns: str, name: str) -> list[str]:
        path = f"v3/collections/{ns}/{name}/versions/1.0.0/move/staging/published/"
        body, _ = self.hub.call("POST", path)
        return [body[k] for k in ("copy_task_id", "remove_task_id") if body.get(k)]

    def delete(self, ns: str, name: str) -> str:
        path = f"v3/plugin/ansible/content/published/collections/index/{ns}/{name}/"
        body, _ = self.hub.call("DELETE", path)
        return uuid_of(body["task"])

    def deprecate(self, ns: str, name: str, deprecated: bool) -> str:
        path = f"v3/plugin/ansible/content/staging/collections/index/{ns}/{name}/"
        body, _ = self.hub.call("PATCH", path, json={"deprecated": deprecated})
        return uuid_of(body["task"])

    # waiting
    def wait_tasks(self, uuids: list[str]) -> list[dict[str, Any]]:
        pending, done = list(uuids), []
        while True:
            for uuid in list(pending):
                task = self.hub.task(uuid)
                if task["state"] in FINAL:
                    pending.remove(uuid)
                    done.append(task)
                    pending += [uuid_of(c) for c in task.get("child_tasks") or []]
            if not pending:
                return done
            time.sleep(self.interval)

    def wait_all(self) -> None:
        params = {"state__in": "waiting,running,canceling", "limit": 1, "fields": "pulp_href"}
        while self.hub.get(TASKS, params=params)["count"]:
            time.sleep(self.interval)

    def seed(self, ns: str, workdir: Path) -> dict[str, float]:
        marks = [time.monotonic()]
        self.create_namespace(ns)
        self.wait_all()
        marks.append(time.monotonic())
        for name in COLLECTIONS:
            self.upload(build_collection(ns, name, directory=workdir))
        self.wait_all()
        marks.append(time.monotonic())
        self.wait_tasks(self.approve(ns, "collection1"))
        marks.append(time.monotonic())
        self.wait_tasks([self.delete(ns, "collection1")])
        marks.append(time.monotonic())
        steps = dict(zip(STEPS, _diffs(marks), strict=True))
        steps["total"] = marks[-1] - marks[0]
        return steps


# -- (c) HubTaskLibrary: one `robot` process, timed as a whole ----------------------
def robot_command() -> list[str]:
    script = Path(sys.executable).parent / "robot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "robot"]


def run_robot(
    hub: Hub, suite: str, outdir: Path, token: str | None = None, **variables: str
) -> float:
    argv = [*robot_command(), "--outputdir", str(outdir), "--console", "quiet"]
    for name, value in variables.items():
        argv += ["--variable", f"{name}:{value}"]
    started = time.monotonic()
    proc = subprocess.run(
        [*argv, str(HERE / suite)],
        env={**os.environ, **hub.env(), **({"HUB_TOKEN": token} if token else {})},
        capture_output=True,
    )
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        raise RuntimeError(f"robot {suite} failed; see {outdir}/log.html")
    return elapsed


def robot_steps(output: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Seconds per step, and when each step's first keyword started (POSIX time),
    from Robot's output.xml."""
    test = ExecutionResult(str(output)).suite.tests[0]
    step_of = {
        "Create Namespace": "namespace",
        "Upload Collection": "upload",
        "Approve Collection": "approve",
        "Delete Collection": "delete",
        "Wait For Task": "delete",
    }
    seconds: dict[str, float] = {}
    started: dict[str, float] = {}
    current = "namespace"
    for kw in test.body:
        current = step_of.get(kw.name, current)  # a Wait For All Tasks joins the step before
        seconds[current] = seconds.get(current, 0.0) + kw.elapsed_time.total_seconds()
        started.setdefault(current, kw.start_time.timestamp())
    return seconds, started


class Library:
    """``token=True``: the library gets an API token instead of username/password
    (with which it logs in once and then sends a session cookie)."""

    def __init__(self, hub: Hub, token: bool = False, watch: bool = True):
        self.hub = hub
        self.token = token
        # False: timeline pictures, progress lines and the run summary off.
        self.watch = watch
        self.step_started: dict[str, float] = {}

    def seed(self, ns: str) -> dict[str, float]:
        with tempfile.TemporaryDirectory(prefix="bench-robot-") as out:
            token = self.hub.fresh_token() if self.token else None
            total = run_robot(
                self.hub,
                "seed_scenario.robot",
                Path(out),
                token,
                NAMESPACE=ns,
                WATCH=str(self.watch),
            )
            steps, self.step_started = robot_steps(Path(out) / "output.xml")
        steps["total"] = total
        return steps

    def startup(self) -> float:
        with tempfile.TemporaryDirectory(prefix="bench-robot-") as out:
            return run_robot(self.hub, "startup.robot", Path(out))


def _diffs(marks: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise(marks)]
