"""The README quotes benchmark figures only together with the run's JSON."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FULL_RUN = ROOT / "benchmarks" / "results" / "full.json"


def performance_section() -> str:
    text = (ROOT / "README.md").read_text()
    return text.split("## Performance", 1)[1].split("\n## ", 1)[0]


def test_readme_quotes_figures_only_with_the_json_of_their_run():
    section = performance_section()
    # A results table ("median s") or ratios such as "3.94x" are figures of a run.
    quotes_figures = "median s" in section or re.search(r"\b\d+\.\d+x\b", section)
    if quotes_figures:
        assert FULL_RUN.is_file(), (
            "README quotes benchmark figures: commit their JSON as benchmarks/results/full.json"
        )


def test_the_full_run_json_is_not_ignored():
    ignore = (ROOT / "benchmarks" / ".gitignore").read_text().splitlines()
    assert "!results/full.json" in ignore


def test_readme_quotes_the_targets_table_of_the_full_run_exactly():
    # The table is made from the JSON (benchmarks/report.py FILE prints it):
    # README figures cannot drift from the run they cite.
    if not FULL_RUN.is_file():
        return
    import importlib.util
    import json

    spec = importlib.util.spec_from_file_location("bench_report", ROOT / "benchmarks" / "report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table = module.markdown_targets(json.loads(FULL_RUN.read_text()))
    assert table in performance_section()
