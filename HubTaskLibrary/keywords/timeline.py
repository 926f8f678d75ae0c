"""Robot side of the task timelines: picture per wait, console progress, run summary.

A waiting keyword runs inside :func:`watch`: it hands the wait a
:class:`~HubTaskLibrary.report.records.WaitRecorder` as observer (the wait
calls it on each look with what it read: no request of its own), prints a
progress line to the console every 10 s of a long wait, and when the keyword
returns or fails logs the wait's SVG at INFO level and adds the record to the
process's run summary (written next to output.xml when the library closes).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from robot.api import logger
from robot.libraries.BuiltIn import BuiltIn, RobotNotRunningError

from ..client.errors import TaskFailedError, TaskTimeoutError
from ..report.records import TaskSpan, WaitRecord, WaitRecorder
from ..report.timeline import render_timeline

if TYPE_CHECKING:
    from pathlib import Path

    from ..client.tasks import TaskService
    from .context import LibraryContext

PROGRESS_EVERY = 10.0
_ids = itertools.count(1)


def keyword_label(name: str) -> str:
    """robotlibcore passes method names (``wait_for_task``): ``Wait For Task``."""
    if "_" in name or name.islower():
        return " ".join(part.capitalize() for part in name.split("_") if part)
    return name


def progress_line(spans: list[TaskSpan], elapsed: float, timeout: float, what: str) -> str:
    """``HubTaskLibrary: 20 s of 60 s waiting for <what>: <task> running, <progress>``."""
    waiting = [s for s in spans if not s.final and s.vanished is None]
    head = f"HubTaskLibrary: {elapsed:.0f} s of {timeout:.0f} s waiting for {what}"
    if not waiting:
        return f"{head}: no unfinished task read yet"
    first = waiting[0]
    text = f"{head}: {first.name or first.uuid} {first.state}"
    if first.progress:
        text += f", {first.progress}"
    if len(waiting) > 1:
        text += f" (and {len(waiting) - 1} more unfinished)"
    return text


@dataclass
class _Job:
    recorder: WaitRecorder
    timeout: float
    what: str
    printed: int = 0


class ProgressPrinter:
    """One console line per ``every`` seconds of a wait, from what the looks read.

    One thread per process, started with the first wait and then idle between
    waits: a wait only hands it a job (no thread per wait, no cost for the
    many short waits).
    """

    def __init__(self, write: Callable[[str], None], every: float = PROGRESS_EVERY):
        self._write, self._every = write, every
        self._wake = threading.Condition()
        self._job: _Job | None = None
        self._thread: threading.Thread | None = None

    def start(self, recorder: WaitRecorder, timeout: float, what: str) -> None:
        with self._wake:
            self._job = _Job(recorder, timeout, what)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="hubtask-progress", daemon=True
                )
                self._thread.start()
            self._wake.notify()

    def stop(self) -> None:
        with self._wake:
            self._job = None
            self._wake.notify()

    def _run(self) -> None:
        with self._wake:
            while True:
                job = self._job
                if job is None:
                    self._wake.wait()
                    continue
                delay = self.step(job, time.time())
                if delay > 0:
                    self._wake.wait(delay)  # woken early: the job may have changed

    def step(self, job: _Job, now: float) -> float:
        """At time ``now``, write ``job``'s line when one is due; return the
        seconds until its next line (what the thread sleeps; 0: write again)."""
        started = job.recorder.record.started
        delay = started + (job.printed + 1) * self._every - now
        if delay > 0:
            return delay
        job.printed += 1
        spans = job.recorder.snapshot()
        line = progress_line(spans, now - started, job.timeout, job.what)
        # The first line of a wait starts on a line of its own: Robot's
        # console has the test's name and no line end yet.
        self._write(("\n" if job.printed == 1 else "") + line)
        return started + (job.printed + 1) * self._every - now


class RunSummary:
    """Every wait of this process (all library instances), for hubtask-tasks.*"""

    def __init__(self) -> None:
        self.records: list[WaitRecord] = []
        self.directory: str | None = None
        self._lock = threading.Lock()

    def add(self, record: WaitRecord) -> None:
        with self._lock:
            if self.directory is None:
                self.directory = _output_folder()
            self.records.append(record)

    def ends_read_at_close(self, ctx: LibraryContext) -> contextlib.AbstractContextManager[None]:
        """While the library closes it reads, in one request, how the tasks
        hub-wide waits saw running ended (to learn durations); the summary
        takes their ends from that read too (no request of its own)."""
        client = ctx._client
        if client is None:
            return contextlib.nullcontext()
        return _LateEnds(self, client.tasks)

    def fill_in(self, late: list[TaskSpan]) -> None:
        by_uuid = {span.uuid: span for span in late}
        with self._lock:
            for record in self.records:
                for uuid, span in record.tasks.items():
                    known = by_uuid.get(uuid)
                    if known is None or span.finished is not None or not known.final:
                        continue
                    span.state, span.finished = known.state, known.finished
                    span.started = span.started or known.started
                    span.error = span.error or known.error

    def write(self) -> tuple[Path, Path] | None:
        with self._lock:
            if not self.records or not self.directory:
                return None
            # Imported at the end of the run, not at library import (start-up counts).
            from ..report import summary

            return summary.write(self.directory, list(self.records))


class _LateEnds:
    """The observer of the closing read (see `RunSummary.ends_read_at_close`)."""

    def __init__(self, summary: RunSummary, service: TaskService):
        self.summary, self.service = summary, service
        self.recorder = WaitRecorder(WaitRecord(id="close", keyword=""), service.clock.to_local)

    def __enter__(self) -> None:
        self.previous, self.service.observer = self.service.observer, self.recorder

    def __exit__(self, *exc: object) -> None:
        self.service.observer = self.previous
        self.summary.fill_in(self.recorder.snapshot())


RUN = RunSummary()
PROGRESS = ProgressPrinter(logger.console)


def _variable(name: str) -> str:
    try:
        value = BuiltIn().get_variable_value(name)
    except RobotNotRunningError:
        return ""
    return "" if value is None else str(value)


def _output_folder() -> str:
    """Where output.xml goes (pabot: each process's own folder)."""
    output = _variable("${OUTPUT FILE}")
    if output and output.upper() != "NONE":
        return os.path.dirname(output)
    return _variable("${OUTPUT DIR}")


@contextlib.contextmanager
def watch(ctx: LibraryContext, what: str, timeout: float) -> Iterator[WaitRecorder | None]:
    """Record the wait run inside (one per waiting keyword); see the module doc.
    With pictures, progress lines and the run summary all off: nothing."""
    settings = ctx.settings
    if not (settings.timeline or settings.progress or settings.run_summary):
        yield None
        return
    service = ctx.client.tasks
    record = WaitRecord(
        id=f"{os.getpid()}-{next(_ids)}",
        keyword=ctx.keyword or "wait",
        what=what,
        suite=_variable("${SUITE NAME}"),
        test=_variable("${TEST NAME}"),
        timeout=round(timeout, 3),
        started=time.time(),
    )
    recorder = WaitRecorder(record, service.clock.to_local, service.ui_link)
    previous, service.observer = service.observer, recorder
    if ctx.settings.progress:
        PROGRESS.start(recorder, timeout, what)
    error, bad, ended = "", [], "completed"
    try:
        yield recorder
    except TaskFailedError as err:
        error, bad = str(err), err.tasks
        raise
    except TaskTimeoutError as err:
        error, bad, ended = str(err), err.tasks, "ended"
        raise
    except Exception as err:
        error, ended = str(err), "ended"
        raise
    finally:
        service.observer = previous
        if ctx.settings.progress:
            PROGRESS.stop()
        recorder.finish(error, bad, vanished_state=ended)
        if ctx.settings.timeline:
            picture = render_timeline(record)
            if picture:
                logger.info(picture, html=True)
        if ctx.settings.run_summary:
            RUN.add(record)


__all__ = ["RUN", "ProgressPrinter", "RunSummary", "keyword_label", "progress_line", "watch"]
