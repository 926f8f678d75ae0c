"""Chaos rounds against the local hub (test-only): restarts at seeded random
moments while a keyword waits, and an honest verdict for every round.

A round restarts a service in a background thread (by PID, through
``HubTaskLibrary.localhub.control``) ``delay`` seconds after the keyword
starts, then compares what the keyword said with the truth: every task the
round made, read straight from the API (not through the library) once they
are all final. A keyword that passed while a task did not complete is a
false pass; one that failed while every task completed, or that failed
without the hub's own reason, is a false failure. The rounds are printed as
one table at the end.
"""

from __future__ import annotations

import os
import random
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import requests
from robot.api import logger
from robot.api.deco import keyword

from HubTaskLibrary.localhub import control
from HubTaskLibrary.localhub.manager import LocalHub
from HubTaskLibrary.localhub.services import hub_process_ids

DEFAULT_SEED = 20261202
OPERATIONS = ("upload", "approve", "sync")
RESTARTS = ("api", "worker", "postgres")
# Seconds after the keyword's start the restart may come, per operation (about
# the time its wait lasts on an idle hub, so most restarts hit a wait in flight).
MOMENTS = {"upload": (0.0, 2.5), "approve": (0.0, 0.8), "sync": (0.0, 1.5)}
_FINAL = {"completed", "failed", "canceled", "skipped"}
_OUTAGE = re.compile(r"The hub was unreachable for ([\d.]+) s")


@dataclass
class Round:
    number: int
    operation: str
    restart: str
    delay: float
    started: float = 0.0
    keyword_ended: float = 0.0
    restart_began: float = 0.0
    restart_seconds: float = 0.0
    restart_error: str = ""
    outcome: str = ""
    message: str = ""
    truth: str = ""
    verdict: str = ""
    unreachable: float = 0.0
    reran: str = ""
    tasks: list[dict[str, Any]] = field(default_factory=list)


class Chaos:
    ROBOT_LIBRARY_SCOPE = "GLOBAL"
    ROBOT_LISTENER_API_VERSION = 3

    def __init__(self, seed: int | None = None) -> None:
        self.ROBOT_LIBRARY_LISTENER = self
        self.seed = int(os.environ.get("CHAOS_SEED") or seed or DEFAULT_SEED)
        self.rng = random.Random(self.seed)
        env = os.environ
        self.hub = LocalHub(env.get("HUB_STATE_DIR") or env.get("HUBTASK_STATE_DIR"), say=None)
        self.base = env["HUB_URL"].rstrip("/") + (env.get("HUB_API_PREFIX") or "/api/galaxy/")
        self.http = requests.Session()
        self.http.auth = (env["HUB_USERNAME"], env["HUB_PASSWORD"])
        self.rounds: list[Round] = []
        self.current: Round | None = None
        self._thread: threading.Thread | None = None

    # -- listener: how long the library said the hub was unreachable -----------------
    def log_message(self, message: Any) -> None:
        if self.current is not None:
            for match in _OUTAGE.finditer(str(message.message)):
                self.current.unreachable += float(match.group(1))

    # -- planning ---------------------------------------------------------------------
    @keyword
    def plan_chaos_rounds(self, count: int) -> list[dict[str, Any]]:
        """``count`` rounds: every operation with every kind of restart, shuffled by
        the seeded RNG, each with a random worker and moment."""
        combos = [(o, r) for r in RESTARTS for o in OPERATIONS]
        picks = [combos[i % len(combos)] for i in range(int(count))]
        self.rng.shuffle(picks)
        plan = []
        for number, (operation, kind) in enumerate(picks, start=1):
            service = kind
            if kind == "worker":
                service = self.rng.choice(["worker-1", "worker-2", "workers"])
            low, high = MOMENTS[operation]
            delay = round(self.rng.uniform(low, high), 2)
            plan.append(
                {"round": number, "operation": operation, "restart": service, "delay": delay}
            )
        logger.info(f"Chaos seed {self.seed} (set CHAOS_SEED to replay): {plan}")
        logger.console(f"\nChaos seed {self.seed}: {len(plan)} rounds")
        return plan

    # -- one round ---------------------------------------------------------------------
    @keyword
    def start_chaos_round(self, plan: dict[str, Any]) -> None:
        """Notes the round's start and restarts ``plan[restart]`` in the background
        after ``plan[delay]`` seconds."""
        current = Round(int(plan["round"]), plan["operation"], plan["restart"], plan["delay"])
        current.started = time.time()
        self.current = current
        self.rounds.append(current)

        def restart_later() -> None:
            time.sleep(current.delay)
            current.restart_began = time.time()
            try:
                report = control.restart(self.hub, current.restart)
                current.restart_seconds = report.seconds
            except Exception as err:
                current.restart_error = str(err)

        self._thread = threading.Thread(target=restart_later, daemon=True)
        self._thread.start()

    @keyword
    def end_chaos_round(self, status: str, message: str = "", rerun: str = "") -> str:
        """Joins the restart, reads the truth and gives the round's verdict.

        ``status``/``message``: what the keyword did (``Run Keyword And Ignore
        Error``); ``rerun``: the status of the re-run after a lost answer, if any.
        """
        current = self.current
        assert current is not None, "Start Chaos Round first."
        if not current.keyword_ended:
            current.keyword_ended = time.time()
        if self._thread is not None:
            self._thread.join(180)
        current.outcome = status
        current.message = " ".join(str(message).split())
        current.reran = rerun
        current.tasks = self._final_tasks_since(current.started)
        current.truth = _truth(current.tasks)
        current.verdict = _verdict(current)
        self.current = None
        logger.info(
            f"Round {current.number}: {current.operation} with {current.restart} restarted "
            f"after {current.delay} s: keyword {status} ({current.message[:300]}); "
            f"truth: {current.truth}; verdict: {current.verdict}"
        )
        if current.restart_error:
            raise AssertionError(f"Restart of {current.restart} failed: {current.restart_error}")
        return current.verdict

    @keyword
    def mark_keyword_end(self) -> None:
        """When the (first) keyword of the round ended, for the "restart in flight" column."""
        if self.current is not None:
            self.current.keyword_ended = time.time()

    # -- the truth, read straight from the API -------------------------------------------
    def _final_tasks_since(self, started: float, limit: float = 180) -> list[dict[str, Any]]:
        # pulpcore 3.28 has no pulp_created filter: the newest tasks, cut here.
        since = datetime.fromtimestamp(started - 0.5, tz=timezone.utc)
        deadline = time.monotonic() + limit
        while True:
            try:
                reply = self.http.get(
                    self.base + "pulp/api/v3/tasks/",
                    params={"limit": 100, "ordering": "-pulp_created"},
                    timeout=30,
                )
                reply.raise_for_status()
                tasks = [
                    t
                    for t in reversed(reply.json()["results"])
                    if datetime.fromisoformat(t["pulp_created"].replace("Z", "+00:00")) >= since
                ]
                if all(t["state"] in _FINAL for t in tasks):
                    return tasks
            except (requests.RequestException, ValueError, KeyError) as err:
                last = str(err)  # the hub may still be coming back
            else:
                last = f"unfinished: {[t['name'] for t in tasks if t['state'] not in _FINAL]}"
            if time.monotonic() > deadline:
                raise AssertionError(f"Tasks of the round not read final in {limit:.0f} s: {last}")
            time.sleep(0.5)

    # -- the table -----------------------------------------------------------------------
    @keyword
    def log_chaos_table(self) -> str:
        """Logs (and prints on the console) one table of every round; returns it."""
        head = (
            f"{'#':>2}  {'operation':9} {'restart':9} {'at s':>5} {'in flight':9} "
            f"{'restart s':>9} {'down s':>6}  {'keyword':28} {'truth':32} verdict"
        )
        lines = [f"Chaos rounds, seed {self.seed}", head, "-" * len(head)]
        for r in self.rounds:
            in_flight = "yes" if r.restart_began and r.restart_began < r.keyword_ended else "no"
            keyword_text = r.outcome if r.outcome == "PASS" else f"FAIL: {_reason(r.message)}"
            if r.reran:
                keyword_text += f", re-run {r.reran}"
            lines.append(
                f"{r.number:>2}  {r.operation:9} {r.restart:9} {r.delay:>5.2f} {in_flight:9} "
                f"{r.restart_seconds:>9.1f} {r.unreachable:>6.1f}  {keyword_text[:28]:28} "
                f"{r.truth[:32]:32} {r.verdict}"
            )
        false_passes = sum(r.verdict == "FALSE PASS" for r in self.rounds)
        false_failures = sum(r.verdict == "FALSE FAILURE" for r in self.rounds)
        lines.append(
            f"{len(self.rounds)} rounds: {false_passes} false passes, "
            f"{false_failures} false failures"
        )
        table = "\n".join(lines)
        logger.info(table)
        logger.console("\n" + table)
        return table

    @keyword
    def hub_should_have_no_stray_processes(self) -> None:
        """Fails if a process runs with the hub's settings that no PID file of the
        hub tracks (a task process that outlived its killed worker, say)."""
        services = self.hub._services()
        tracked = {r.pid for n in services.tracked() if (r := services.running(n)) is not None}
        strays = []
        for pid in hub_process_ids(self.hub.paths.settings_file):
            try:
                if os.getpgid(pid) not in tracked:
                    strays.append(pid)
            except OSError:
                continue  # gone meanwhile
        if strays:
            raise AssertionError(f"Hub processes no PID file tracks: {strays}")
        logger.info(f"Every hub process belongs to one of {sorted(tracked)}.")

    @keyword
    def chaos_rounds_should_be_honest(self) -> None:
        """Fails on any false pass or false failure."""
        bad = [r for r in self.rounds if r.verdict.startswith("FALSE")]
        if bad:
            raise AssertionError(
                "; ".join(f"round {r.number}: {r.verdict} ({r.message[:200]})" for r in bad)
            )


def _truth(tasks: list[dict[str, Any]]) -> str:
    if not tasks:
        return "no task"
    bad = [t for t in tasks if t["state"] != "completed"]
    if not bad:
        return f"{len(tasks)} completed"
    first = bad[0]
    description = _error(first)
    return f"{first['state']}: {description}"


def _error(task: dict[str, Any]) -> str:
    """What the hub says went wrong (pulpcore stores ``reason`` for tasks it
    cleaned up after a lost worker)."""
    error = task.get("error") or {}
    return str(error.get("description") or error.get("reason") or "").strip()


def _reason(message: str) -> str:
    if "not re-sent" in message:
        return "answer lost"
    if "Timed out" in message:
        return "timeout"
    match = re.search(r"ended (failed|canceled|skipped)[^:]*: ([^.|]*)", message)
    if match:
        return f"{match.group(1)}: {match.group(2)}"
    return message[:40]


def _verdict(r: Round) -> str:
    """Does what the keyword said agree with what the hub did?"""
    completed = bool(r.tasks) and all(t["state"] == "completed" for t in r.tasks)
    bad = [t for t in r.tasks if t["state"] != "completed"]
    if r.outcome == "PASS":
        return "ok" if completed else "FALSE PASS"
    if "not re-sent" in r.message:
        # Honest by design: the hub may have acted. The re-run must then pass,
        # or say that the earlier request reached the hub.
        return "ok (answer lost)" if r.reran in ("PASS", "reached") else "FALSE FAILURE"
    if bad and "ended" in r.message:
        # A task failure: the message must carry the hub's own words.
        words = [_error(t) for t in bad]
        said = all(not w or " ".join(w.split())[:60] in r.message for w in words)
        return "ok" if said else "FALSE FAILURE"
    return "FALSE FAILURE"
