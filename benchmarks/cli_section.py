"""Section ``cli``: the seed's Cypress sequence as separate processes, galaxykit
0.14.0 against ``hubtask galaxykit`` (the drop-in), and ``task wait all`` on an
idle hub alone (start-up cost: the issue's "a third of galaxykit's time").

Both run exactly the command lines Cypress runs, one process per step:
namespace create, task wait all, three uploads, task wait all.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import report
from hubtiming import Hub

COLLECTIONS = ("collection1", "collection2", "collection3")


class CliContender:
    """One galaxykit-style command line, run as its own process and timed."""

    def __init__(self, hub: Hub, argv0: list[str], env: dict[str, str] | None = None):
        self.hub = hub
        self.argv0 = argv0
        self.env = {**os.environ, **(env or {})}

    def run(self, *args: str) -> float:
        argv = [*self.argv0, "-s", self.hub.api, "-u", self.hub.username, "-p", self.hub.password]
        started = time.monotonic()
        proc = subprocess.run([*argv, *args], env=self.env, capture_output=True, text=True)
        elapsed = time.monotonic() - started
        if proc.returncode != 0:
            raise RuntimeError(f"{self.argv0[-1]} {' '.join(args)}: {proc.stderr[-500:]}")
        return elapsed

    def sequence(self, ns: str) -> float:
        total = self.run("namespace", "create", ns) + self.run("task", "wait", "all")
        total += sum(self.run("collection", "upload", ns, c) for c in COLLECTIONS)
        return total + self.run("task", "wait", "all")


def hubtask_argv() -> list[str]:
    return [str(Path(sys.executable).parent / "hubtask"), "galaxykit"]


def cli_section(
    hub: Hub, reps: int, run_id: str, gk_bin: Path, say: Callable[[str], None]
) -> dict[str, Any]:
    galaxykit = CliContender(
        hub,
        [str(gk_bin / "galaxykit")],
        {"PATH": f"{gk_bin}{os.pathsep}{os.environ['PATH']}"},
    )
    hubtask = CliContender(hub, hubtask_argv())
    contenders = {"galaxykit": galaxykit, "hubtask": hubtask}
    sequence: dict[str, list[float]] = {w: [] for w in contenders}
    idle: dict[str, list[float]] = {w: [] for w in contenders}
    for rep in range(reps):
        order = list(contenders) if rep % 2 == 0 else list(reversed(contenders))
        for who in order:
            took = contenders[who].sequence(f"cli_{run_id}_{rep}_{who[0]}")
            sequence[who].append(took)
            say(f"cli rep {rep + 1}/{reps} {who:9} sequence {took:.2f} s")
        for who in order:
            # The hub is idle now: every task of the sequence was waited for.
            took = contenders[who].run("task", "wait", "all")
            idle[who].append(took)
            say(f"cli rep {rep + 1}/{reps} {who:9} idle task wait all {took:.2f} s")
    seq_ratio = report.paired(sequence["galaxykit"], sequence["hubtask"])
    idle_ratio = report.paired(idle["galaxykit"], idle["hubtask"])
    return {
        "galaxykit": report.summary(sequence["galaxykit"]),
        "hubtask": report.summary(sequence["hubtask"]),
        "galaxykit_over_hubtask": seq_ratio["median"],
        "galaxykit_over_hubtask_runs": seq_ratio,
        "idle_wait_all": {
            "galaxykit": report.summary(idle["galaxykit"]),
            "hubtask": report.summary(idle["hubtask"]),
            "galaxykit_over_hubtask": idle_ratio["median"],
            "galaxykit_over_hubtask_runs": idle_ratio,
        },
    }
