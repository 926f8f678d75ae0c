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
