"""Helpers of the timeline suite: a real Robot run of the seed scenario and more waits,
what its console printed, its run summary, and log.html's size with and without pictures."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from robot.api import logger
from robot.api.deco import keyword, library
from robot.libraries.BuiltIn import BuiltIn

ROOT = Path(__file__).resolve().parents[2]


@library(scope="SUITE")
class TimelineRun:
    @keyword
    def run_timeline_scenario(self, output_dir: str) -> str:
        """Runs the seed scenario and ``atest/20_ui/_timeline_run`` in one ``robot``
        process (console kept in ``console.txt``); fails unless all its tests pass."""
        out = Path(output_dir)
        out.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable, "-m", "robot", "--outputdir", str(out), "--name", "Timeline Run",
            "--expandkeywords", "name:HubTaskLibrary.*", "--console", "verbose",
            str(ROOT / "examples" / "seed_scenario.robot"),
            str(ROOT / "atest" / "20_ui" / "_timeline_run" / "waits.robot"),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
        (out / "console.txt").write_text(done.stdout + done.stderr, encoding="utf-8")
        if done.returncode != 0:
            raise AssertionError(f"The timeline run failed (rc {done.returncode}): see {out}")
        return done.stdout

    @keyword
    def progress_lines(self, console: str, task_name: str) -> list[str]:
        """The library's progress lines naming ``task_name``."""
        pattern = re.compile(rf"^HubTaskLibrary: \d+ s of \d+ s waiting for .*{task_name}\b")
        lines = [line for line in console.splitlines() if pattern.search(line)]
        logger.info("\n".join(lines) or "no progress line")
        return lines

    @keyword
    def waits_in_run_summary(self, output_dir: str, suite: str | None = None) -> list[dict]:
        """The waits hubtask-tasks.json lists (of one suite, by name)."""
        data = json.loads((Path(output_dir) / "hubtask-tasks.json").read_text())
        return [w for w in data["waits"] if suite is None or w["suite"].endswith(suite)]

    @keyword
    def tasks_on_the_hub(self, uuids: list[str]) -> dict[str, Any]:
        """Each task as the hub has it now, and every task it dispatched (recursively)."""
        found: dict[str, Any] = {}
        queue = list(uuids)
        while queue:
            uuid = queue.pop()
            if uuid in found:
                continue
            task = BuiltIn().run_keyword("HubTaskLibrary.Get Task", uuid)
            found[uuid] = task
            queue += [c.rstrip("/").rsplit("/", 1)[-1] for c in task.get("child_tasks") or []]
        return found

    @keyword
    def log_sizes_with_and_without_timelines(self, output_xml: str, suite: str) -> list[int]:
        """Bytes of log.html of ``suite`` of a run as it is, and with the timeline
        messages taken out of output.xml (what the same run logs without pictures)."""
        source = Path(output_xml)
        tree = ET.parse(source)
        for parent in tree.iter():
            for msg in [
                m for m in parent if m.tag == "msg" and "hubtask-timeline" in (m.text or "")
            ]:
                parent.remove(msg)
        plain = source.with_name("output-without-timelines.xml")
        tree.write(plain, encoding="UTF-8", xml_declaration=True)
        sizes = []
        for xml, name in ((source, "log-seed.html"), (plain, "log-seed-without-timelines.html")):
            log = source.with_name(name)
            command = [sys.executable, "-m", "robot.rebot", "--suite", suite, "--log", str(log),
                       "--report", "NONE", "--output", "NONE", str(xml)]  # fmt: skip
            subprocess.run(command, capture_output=True, check=False, timeout=120)
            sizes.append(log.stat().st_size)
        return sizes
