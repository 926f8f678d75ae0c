"""``hubtask report OUTPUT_DIR``: one summary from the files of many processes.

Under pabot each process writes ``hubtask-tasks.json`` next to its own
output.xml (``pabot_results/N/``); this joins every such file found below
OUTPUT_DIR (not the one in OUTPUT_DIR itself, which it writes).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .summary import JSON_NAME, load, write


def merge(output_dir: str) -> tuple[Path, Path, int]:
    """Write the merged files into ``output_dir``; returns their paths and how many were read."""
    root = Path(output_dir)
    if not root.is_dir():
        raise ValueError(f"{output_dir} is not a folder: give the Robot output folder.")
    found = sorted(p for p in root.rglob(JSON_NAME) if p.parent != root)
    if not found:
        raise ValueError(f"No {JSON_NAME} below {output_dir}: was HubTaskLibrary used there?")
    records = []
    for path in found:
        records += load(path)
    records.sort(key=lambda r: r.started)
    json_path, html_path = write(root, records, [str(p.relative_to(root)) for p in found])
    return json_path, html_path, len(found)


def main(output_dir: str) -> int:
    try:
        json_path, html_path, count = merge(output_dir)
    except ValueError as err:
        print(f"hubtask report: {err}", file=sys.stderr)
        return 1
    print(f"{html_path} and {json_path.name} written from {count} file(s).")
    return 0


__all__ = ["main", "merge"]
