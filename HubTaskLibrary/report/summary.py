"""The run summary: ``hubtask-tasks.json`` and ``hubtask-tasks.html``.

Every wait of the run grouped by suite and test, each task with its queue
time, run time and how long after its end a look saw it final; the slowest
tasks; every failed or canceled task with its error and UI link; totals (time
the hub spent on the tasks waited for, and time keywords waited past the end
of their last task). The JSON holds the raw records, so files of several
processes merge (see ``merge``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

from .records import TaskSpan, WaitRecord
from .timeline import colour, render_timeline

JSON_NAME = "hubtask-tasks.json"
HTML_NAME = "hubtask-tasks.html"
FORMAT = 1
BAD = ("failed", "canceled", "skipped")


def _unique_tasks(records: Iterable[WaitRecord]) -> list[tuple[WaitRecord, TaskSpan]]:
    """Each task once (a task several waits saw: its most complete reading)."""
    best: dict[str, tuple[WaitRecord, TaskSpan]] = {}
    for record in records:
        for span in record.tasks.values():
            old = best.get(span.uuid)
            if old is None or (span.final, span.finished is not None) >= (
                old[1].final,
                old[1].finished is not None,
            ):
                best[span.uuid] = (record, span)
    return list(best.values())


def totals(records: list[WaitRecord]) -> dict[str, Any]:
    unique = _unique_tasks(records)
    overheads = [r.overhead for r in records if r.overhead is not None]
    return {
        "waits": len(records),
        "tasks": len(unique),
        "failed_or_canceled": sum(1 for _, s in unique if s.state in BAD),
        "queued_s": round(sum(s.queued_s or 0.0 for _, s in unique), 3),
        "running_s": round(sum(s.running_s or 0.0 for _, s in unique), 3),
        "waiting_s": round(sum(r.elapsed for r in records), 3),
        "waiting_past_end_s": round(sum(overheads), 3),
    }


def summary_data(records: list[WaitRecord], sources: list[str] | None = None) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "sources": sources or [],
        "totals": totals(records),
        "waits": [r.to_dict() for r in records],
    }


def load(path: str | os.PathLike[str]) -> list[WaitRecord]:
    """Records from a ``hubtask-tasks.json``; a clear ValueError if it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown format {data.get('format')!r}")
        return [WaitRecord.from_dict(w) for w in data["waits"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise ValueError(f"{path} is not a hubtask-tasks.json file: {err}") from None


def write(
    directory: str | os.PathLike[str],
    records: list[WaitRecord],
    sources: list[str] | None = None,
) -> tuple[Path, Path]:
    """Write both files into ``directory`` (atomically: a reader never sees half)."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    data = summary_data(records, sources)
    paths = (folder / JSON_NAME, folder / HTML_NAME)
    for path, text in zip(
        paths, (json.dumps(data, indent=1), render_html(records, data)), strict=True
    ):
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    return paths


def _s(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _link(span: TaskSpan) -> str:
    if not span.ui:
        return escape(span.uuid)
    return f'<a href="{escape(span.ui)}">{escape(span.uuid[:8])}</a>'


def _state(span: TaskSpan) -> str:
    return (
        f'<span class="state" style="color:{colour(span.state)}">{escape(span.state or "?")}</span>'
    )


def _task_row(span: TaskSpan, depth: int = 0) -> str:
    found = None
    if span.seen_final is not None and span.finished is not None:
        found = max(0.0, span.seen_final - span.finished)
    pad = "&nbsp;&nbsp;" * depth + ("\u2514 " if depth else "")
    return (
        f'<tr class="task" data-state="{escape(span.state)}"><td>{pad}{escape(span.name)}</td>'
        f"<td>{_state(span)}</td><td>{_s(span.queued_s)}</td><td>{_s(span.running_s)}</td>"
        f"<td>{_s(found)}</td><td>{_link(span)}</td></tr>"
    )


_STYLE = """
body{font-family:sans-serif;font-size:13px;margin:1.5em;color:#212121}
table{border-collapse:collapse;margin:.4em 0 1em}td,th{padding:2px 8px;text-align:left;
border-bottom:1px solid #eee}th{background:#f5f5f5}h3{margin:1.2em 0 .2em}
.wait{margin:.3em 0 1.2em 1em}svg{display:block;margin:.3em 0}.err{color:#c62828}.num td:nth-child(n+3){text-align:right}
"""
_HEAD = (
    "<tr><th>task</th><th>state</th><th>queued s</th><th>running s</th>"
    "<th>seen final after s</th><th>UI</th></tr>"
)


def render_html(records: list[WaitRecord], data: dict[str, Any] | None = None) -> str:
    """One self-contained page (no script, no network)."""
    data = data or summary_data(records)
    total = data["totals"]
    unique = _unique_tasks(records)
    out = [
        '<!DOCTYPE html><html><head><meta charset="utf-8">',
        f"<title>HubTaskLibrary tasks</title><style>{_STYLE}</style></head><body>",
        "<h1>Hub tasks of this run</h1>",
    ]
    if data.get("sources"):
        out.append(f"<p>Merged from {len(data['sources'])} file(s).</p>")
    hub = total["queued_s"] + total["running_s"]
    out.append(
        '<h2>Totals</h2><table id="totals">'
        f"<tr><td>waits</td><td>{total['waits']}</td></tr>"
        f"<tr><td>tasks</td><td>{total['tasks']}</td></tr>"
        f"<tr><td>failed, canceled or skipped</td><td>{total['failed_or_canceled']}</td></tr>"
        f"<tr><td>hub time (queued + running)</td><td>{hub:.2f} s "
        f"({total['queued_s']:.2f} + {total['running_s']:.2f})</td></tr>"
        f"<tr><td>time keywords waited</td><td>{total['waiting_s']:.2f} s</td></tr>"
        f"<tr><td>of it past the last task's end</td><td>{total['waiting_past_end_s']:.2f} s"
        "</td></tr></table>"
    )
    bad = [(r, s) for r, s in unique if s.state in BAD]
    out.append(f'<h2>Failed or canceled ({len(bad)})</h2><table id="failed">')
    out.append("<tr><th>task</th><th>state</th><th>suite / test</th><th>error</th><th>UI</th></tr>")
    for record, span in bad:
        out.append(
            f'<tr class="task" data-state="{escape(span.state)}"><td>{escape(span.name)}</td>'
            f"<td>{_state(span)}</td><td>{escape(record.suite)} / {escape(record.test)}</td>"
            f'<td class="err">{escape(span.error)}</td><td>{_link(span)}</td></tr>'
        )
    out.append("</table>")

    def took(item: tuple[WaitRecord, TaskSpan]) -> float:
        return (item[1].queued_s or 0.0) + (item[1].running_s or 0.0)

    slow = sorted(unique, key=took, reverse=True)[:10]
    out.append(f'<h2>Slowest tasks</h2><table id="slowest" class="num">{_HEAD}')
    out += [_task_row(span) for _, span in slow]
    out.append("</table><h2>By suite and test</h2>")
    groups: dict[tuple[str, str], list[WaitRecord]] = {}
    for record in records:
        groups.setdefault((record.suite, record.test), []).append(record)
    suite = None
    for (suite_name, test), waits in groups.items():
        if suite_name != suite:
            out.append(f'<h3 class="suite">{escape(suite_name or "(no suite)")}</h3>')
            suite = suite_name
        out.append(f'<div class="test"><b>{escape(test or "(suite setup/teardown)")}</b>')
        for record in waits:
            head = f"{record.keyword}"
            if record.what:
                head += f" ({record.what})"
            overhead = "" if record.overhead is None else f", {record.overhead:.2f} s past the end"
            out.append(
                f'<div class="wait" data-wait="{escape(record.id)}">{escape(head)}: '
                f"waited {record.elapsed:.2f} s{overhead}, {len(record.looks)} look(s)"
            )
            if record.error:
                out.append(f'<div class="err">{escape(record.error)}</div>')
            out.append(render_timeline(record))
            out.append(f'<table class="num">{_HEAD}')
            out += [_task_row(span, depth) for depth, span in record.ordered()]
            out.append("</table></div>")
        out.append("</div>")
    out.append("</body></html>")
    return "".join(out)


__all__ = ["HTML_NAME", "JSON_NAME", "load", "render_html", "summary_data", "totals", "write"]
