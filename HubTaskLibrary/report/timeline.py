"""One wait drawn as a small inline SVG for log.html (no script, no network).

A time axis from the wait's start (0 s; tasks dispatched earlier sit left of
it), one row per task (children indented under their parent), a light bar
for the time queued and a solid one for the time running, coloured by the
final state; ticks where the library looked and a dashed line where the
keyword returned. Each bar's ``<title>`` is its hover text. No ``id``
attributes and no ``<defs>``: many of these share one log page.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from .records import TaskSpan, WaitRecord

COLOURS = {
    "completed": "#2e7d32",
    "failed": "#c62828",
    "canceled": "#ef6c00",
    "skipped": "#757575",
    "canceling": "#8e24aa",
    "running": "#1565c0",
    "waiting": "#f9a825",
}
_UNKNOWN = "#9e9e9e"
WIDTH = 640
LABEL = 150  # left column for task names
ROW = 15
TOP = 22  # axis labels and look ticks


def colour(state: str) -> str:
    return COLOURS.get(state, _UNKNOWN)


def short_name(name: str) -> str:
    """``pulp_ansible.app.tasks.collections.import_collection`` -> ``import_collection``."""
    return name.rsplit(".", 1)[-1] if name else "task"


def _seconds(value: float | None) -> str:
    return "?" if value is None else f"{value:.2f} s"


def _step(span: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving at most 6 marks."""
    step = 0.1
    while span / step > 6:
        for factor in (2.0, 2.5, 2.0):
            step *= factor
            if span / step <= 6:
                break
    return step


def hover_text(span: TaskSpan, origin: float) -> str:
    """Name, state, times and error of a task, relative to the wait's start."""

    def at(value: float | None) -> str:
        return "?" if value is None else f"{value - origin:+.2f} s"

    lines = [f"{span.name or span.uuid} - {span.state or 'not visible yet'}"]
    lines.append(
        f"created {at(span.created)}, started {at(span.started)}, "
        f"finished {at(span.finished)} (0 = the wait began)"
    )
    lines.append(f"queued {_seconds(span.queued_s)}, running {_seconds(span.running_s)}")
    if span.finished is None and span.vanished is not None:
        lines.append(
            f"ended unread between {at(span.seen_unfinished)} and {at(span.vanished)} "
            "(a hub-wide wait reads only unfinished tasks)"
        )
    if span.seen_final is not None and span.finished is not None:
        lines.append(f"seen final {span.seen_final - span.finished:.2f} s after its end")
    if span.progress and not span.final:
        lines.append(f"progress: {span.progress}")
    if span.error:
        lines.append(f"error: {span.error}")
    lines.append(span.uuid)
    return "\n".join(lines)


def render_timeline(record: WaitRecord) -> str:
    """The SVG of one wait (a few KB); empty string when it saw no task and no look."""
    rows = record.ordered()
    if not rows and not record.looks:
        return ""
    end_of_wait = record.returned or (record.looks[-1] if record.looks else record.started)
    times = [record.started, end_of_wait, *record.looks]
    for _, span in rows:
        times += [t for t in (span.created, span.started, span.end) if t is not None]
    low, high = min(times), max(times)
    # A task created long before the wait began (a hub-wide wait) is cut at
    # the left edge rather than squeezing the wait into a few pixels.
    low = max(low, record.started - max(30.0, 3 * (end_of_wait - record.started)))
    high = max(high, low + 0.05)
    high += (high - low) * 0.02  # the return line stays off the right edge
    plot = WIDTH - LABEL - 12

    def x(value: float) -> float:
        return round(LABEL + (min(max(value, low), high) - low) / (high - low) * plot, 1)

    height = TOP + ROW * max(len(rows), 1) + 20
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hubtask-timeline" '
        f'data-wait="{escape(record.id)}" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="10">'
    ]
    title = f"{record.keyword}: {len(rows)} task(s), {len(record.looks)} look(s), "
    title += f"returned after {record.elapsed:.2f} s"
    if record.overhead is not None:
        title += f", {record.overhead:.2f} s after the last task ended"
    out.append(f"<title>{escape(title)}</title>")
    # Axis: second marks relative to the wait's start.
    step = _step(high - low)
    mark = (int((low - record.started) / step) - 1) * step
    while record.started + mark <= high:
        at = record.started + mark
        if at >= low:
            out.append(
                f'<line x1="{x(at)}" y1="{TOP - 4}" x2="{x(at)}" y2="{height - 20}" '
                f'stroke="#e0e0e0"/><text x="{x(at)}" y="9" text-anchor="middle" '
                f'fill="#616161">{mark:g}s</text>'
            )
        mark = round(mark + step, 6)
    # Looks: short dark ticks under the axis labels.
    ticks = " ".join(f"M{x(t)} {TOP - 9}v6" for t in record.looks)
    if ticks:
        out.append(f'<path class="looks" d="{ticks}" stroke="#212121" stroke-width="1"/>')
    for row, (depth, span) in enumerate(rows):
        out.append(_bar(span, depth, TOP + row * ROW, x, record.started, end_of_wait))
    returned = x(end_of_wait)
    out.append(
        f'<line class="returned" x1="{returned}" y1="{TOP - 10}" x2="{returned}" '
        f'y2="{height - 20}" stroke="#000" stroke-width="1.5" stroke-dasharray="3 2"/>'
    )
    # Legend: the states drawn here, then how to read a bar.
    legend_x = 4
    for state in sorted({span.state for _, span in rows}):
        out.append(
            f'<rect x="{legend_x}" y="{height - 14}" width="8" height="8" fill="{colour(state)}"/>'
            f'<text x="{legend_x + 11}" y="{height - 6}" fill="#616161">{escape(state)}</text>'
        )
        legend_x += 16 + 6 * len(state)
    legend = "light: queued, solid: running, ticks: looks, dashed: keyword returned"
    out.append(
        f'<text x="{max(legend_x, LABEL)}" y="{height - 6}" fill="#616161">{escape(legend)}</text>'
    )
    out.append("</svg>")
    return "".join(out)


def _bar(
    span: TaskSpan,
    depth: int,
    y: int,
    x: Callable[[float], float],
    origin: float,
    end_of_wait: float,
) -> str:
    fill = colour(span.state)
    label = ("\u2514 " if depth else "") + short_name(span.name)
    parts = [
        f'<g class="task" data-state="{escape(span.state)}" data-uuid="{escape(span.uuid)}">',
        f"<title>{escape(hover_text(span, origin))}</title>",
        f'<text x="{4 + 10 * depth}" y="{y + 10}" fill="#212121">{escape(label[:28])}</text>',
    ]
    start = span.created if span.created is not None else span.started
    running_from = span.started
    end = span.end if span.end is not None else end_of_wait
    if start is not None and running_from is not None and running_from > start:
        parts.append(_rect(x(start), x(running_from), y, fill, 'class="queued" opacity="0.35"'))
    if running_from is None:  # never seen started: all of it queued (or unknown)
        if start is not None:
            parts.append(_rect(x(start), x(end), y, fill, 'class="queued" opacity="0.35"'))
    else:
        solid_end = span.finished if span.finished is not None else end
        if span.finished is None and span.seen_unfinished is not None:
            solid_end = max(running_from, span.seen_unfinished)
        parts.append(_rect(x(running_from), x(solid_end), y, fill, 'class="running"'))
        if solid_end < end:  # ended unread (or still running when the wait gave up)
            parts.append(
                _rect(
                    x(solid_end),
                    x(end),
                    y,
                    fill,
                    'class="unread" opacity="0.6" stroke-dasharray="2 2"',
                )
            )
    parts.append("</g>")
    return "".join(parts)


def _rect(x1: float, x2: float, y: int, fill: str, extra: str) -> str:
    width = max(round(x2 - x1, 1), 1.0)
    return f'<rect x="{x1}" y="{y + 2}" width="{width}" height="10" fill="{fill}" {extra}/>'


__all__ = ["COLOURS", "colour", "hover_text", "render_timeline", "short_name"]
