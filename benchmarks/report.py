"""Statistics, the printed table, the targets."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: Sequence[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def summary(values: Sequence[float]) -> dict[str, Any]:
    return {"median": median(values), "p95": p95(values), "runs": list(values)}


def paired(over: Sequence[float], under: Sequence[float]) -> dict[str, Any]:
    """Median and range of per-repetition ratios over/under."""
    ratios = [a / b for a, b in zip(over, under, strict=True) if b]
    return {"median": median(ratios), "min": min(ratios), "max": max(ratios), "runs": ratios}


# (JSON path, label, comparison, threshold)
TARGETS = (
    ("seed_scenario.galaxykit_over_library", "seed: galaxykit / library", ">=", 2.5),
    ("seed_scenario.poller_over_library", "seed: 1 s poller / library", ">=", 1.1),
    ("seed_scenario.library_over_limit", "seed: library (robot process) / limit", "<=", 1.15),
    ("delete_step.galaxykit_over_library", "delete step: galaxykit / library", ">=", 8.0),
    ("wait_overhead.median_ms", "wait overhead median, ms", "<=", 100.0),
    ("wait_overhead.p95_ms", "wait overhead p95, ms", "<=", 300.0),
    (
        "wait_overhead.max_requests_per_s",
        "requests/s during a wait (max; < 1 s as 1 s)",
        "<=",
        2.0,
    ),
    ("scale.wall_over_busy", "scale: wall / hub busy time (worst)", "<=", 1.2),
    # Issue 14: pictures, progress lines and the run summary cost no time.
    (
        "seed_scenario.library_over_plain",
        "seed: library / library without timelines",
        "<=",
        1.05,
    ),
    ("galaxykit_cli.galaxykit_over_hubtask", "cli: galaxykit / hubtask galaxykit", ">=", 4.0),
    (
        "galaxykit_cli.idle_wait_all.galaxykit_over_hubtask",
        "cli: idle task wait all, galaxykit / hubtask",
        ">=",
        3.0,
    ),
)


def lookup(data: dict[str, Any], path: str) -> Any:
    for key in path.split("."):
        data = data.get(key) if isinstance(data, dict) else None  # type: ignore[assignment]
    return data


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    checked = []
    for path, label, op, threshold in TARGETS:
        value = lookup(results, path)
        met = None if value is None else (value >= threshold if op == ">=" else value <= threshold)
        checked.append(
            {
                "key": path,
                "label": label,
                "value": value,
                "target": f"{op} {threshold:g}",
                "met": met,
                "spread": spread(results, path),
            }
        )
    return checked


def spread(results: dict[str, Any], path: str) -> list[float] | None:
    """[lowest, highest] of a ratio over the repetitions (its ``*_runs``
    sibling), or of the figures a worst-of or quantile is taken from."""
    runs = lookup(results, f"{path}_runs")
    if isinstance(runs, dict) and runs.get("runs"):
        return [min(runs["runs"]), max(runs["runs"])]
    if path == "scale.wall_over_busy":
        scale = results.get("scale") or {}
        values = [v["wall_over_busy"] for k, v in scale.items() if k.startswith("workers_")]
        return [min(values), max(values)] if values else None
    return None


def _f(value: Any, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(results: dict[str, Any]) -> str:
    lines = []
    add = lines.append
    meta = results["meta"]
    add(
        f"HubTaskLibrary benchmark - hub {meta['hub']} ({meta['workers']} workers), "
        f"{meta['repetitions']} repetitions{' (quick)' if meta['quick'] else ''}"
    )
    rtt = meta.get("get_round_trip_ms") or {}
    add(
        f"library auth: {meta.get('library_auth')}; poller: Basic auth; GET round trip "
        f"(median): Basic auth {_f(rtt.get('basic_auth'), 0)} ms, token {_f(rtt.get('token'), 0)} ms"
    )
    for section, title in (
        ("seed_scenario", "Seed scenario (whole)"),
        ("approve_step", "Approve step"),
        ("delete_step", "Delete step"),
    ):
        data = results.get(section)
        if not data:
            continue
        add("")
        add(f"{title:28} {'median s':>9} {'p95 s':>7}   ratio to library (median, range)")
        for who, label in (
            ("galaxykit", "(a) galaxykit CLI"),
            ("poller", "(b) 1 s poller"),
            ("library", "(c) HubTaskLibrary"),
            ("plain", "(c') without timelines"),
            ("limit", "(d) hub limit"),
        ):
            if who not in data:
                continue
            s = data[who]
            ratio = data.get(f"{who}_over_library") if who != "library" else None
            if who == "limit":
                r = data["library_over_limit_runs"]
                text = f"library/limit {_f(r['median'])} ({_f(r['min'])}-{_f(r['max'])})"
            elif who == "library":
                text = ""
            elif who == "plain":
                r = data["library_over_plain_runs"]
                text = f"library/plain {_f(r['median'])} ({_f(r['min'])}-{_f(r['max'])})"
            else:
                r = data[f"{who}_over_library_runs"]
                text = f"{_f(ratio)}x ({_f(r['min'])}-{_f(r['max'])})"
            add(f"  {label:26} {_f(s['median']):>9} {_f(s['p95']):>7}   {text}")
        if section == "seed_scenario":
            add(f"  robot start-up alone (no hub calls): {_f(data['robot_startup_s']['median'])} s")
            if "library_first_run_s" in data:
                first = _f(data["library_first_run_s"])
                add(f"  library's first run on the hub (nothing learned, not counted): {first} s")
            over = data.get("time_over_limit")
            if over:
                parts = ", ".join(f"{step} {_f(v['over_s'])}" for step, v in over["steps"].items())
                add(
                    f"  library over the limit {_f(over['total_over_s'])} s: outside keywords "
                    f"{_f(over['outside_keywords_s'])} s; per step (keyword - hub) {parts}"
                )
    overhead = results.get("wait_overhead")
    if overhead:
        add("")
        add("Wait overhead: task finished_at -> wait returned")
        add("  (req/s: requests over the wait, a wait under 1 s counted as 1 s; raw: unfloored)")
        add(
            f"  {'contender':10} {'task':10} {'n':>3} {'median ms':>10} {'p95 ms':>8} "
            f"{'requests':>8} {'max req/s':>9} {'(raw)':>6}"
        )
        for who in ("poller", "library"):
            for kind, s in (overhead.get(who) or {}).items():
                add(
                    f"  {who:10} {kind:10} {len(s['overhead_ms']['runs']):>3} "
                    f"{_f(s['overhead_ms']['median'], 0):>10} {_f(s['overhead_ms']['p95'], 0):>8} "
                    f"{_f(s['requests']['median'], 0):>8} {_f(s['max_requests_per_s'], 1):>9} "
                    f"{_f(s['max_requests_per_s_raw'], 1):>6}"
                )
    scale = results.get("scale")
    if scale:
        add("")
        add(f"Scale: {scale['uploads']} uploads (wait=False), one Wait For All Tasks")
        add(
            f"  {'workers':8} {'wall s':>7} {'busy s':>7} {'wall/busy':>9} {'requests':>8} {'req/s':>6}"
        )
        for key in sorted(k for k in scale if k.startswith("workers_")):
            s = scale[key]
            add(
                f"  {s['workers']:<8} {_f(s['wall_s'], 1):>7} {_f(s['busy_s'], 1):>7} "
                f"{_f(s['wall_over_busy']):>9} {s['wait_requests']:>8} {_f(s['wait_requests_per_s'], 2):>6}"
            )
    cli = results.get("galaxykit_cli")
    if cli:
        add("")
        add("galaxykit CLI vs hubtask galaxykit (one process per step, as Cypress runs them)")
        add(f"  {'':34} {'galaxykit s':>11} {'hubtask s':>9}   ratio (median, range)")
        for label, data in (
            ("seed's Cypress sequence", cli),
            ("task wait all, idle hub", cli["idle_wait_all"]),
        ):
            r = data["galaxykit_over_hubtask_runs"]
            add(
                f"  {label:34} {_f(data['galaxykit']['median']):>11} "
                f"{_f(data['hubtask']['median']):>9}   "
                f"{_f(r['median'])}x ({_f(r['min'])}-{_f(r['max'])})"
            )
    if overhead and overhead.get("slowest_library_waits"):
        add("  library's latest returns (s from the task's end to each look's end):")
        for w in overhead["slowest_library_waits"][:3]:
            near = [t for t in w["looks_s"] if t > -2.0]
            looks = " ".join(f"{t:+.2f}" for t in near)
            add(f"    {w['kind']:10} {w['overhead_ms']:6.0f} ms  looks {looks}")
    add("")
    add("Targets (value; range over the repetitions)")
    for t in results["targets"]:
        verdict = {True: "met", False: "MISSED", None: "not measured"}[t["met"]]
        rng = t.get("spread")
        text = f"({_f(rng[0])}-{_f(rng[1])})" if rng else ""
        add(f"  {t['label']:44} {_f(t['value']):>8} {text:13} target {t['target']:7}  {verdict}")
    return "\n".join(lines)


def markdown_targets(results: dict[str, Any]) -> str:
    """The targets of a run as the Markdown table README.md quotes (a utest
    checks that the README holds exactly this table for results/full.json)."""
    meta = results["meta"]
    lines = [
        f"| target ({meta['repetitions']} repetitions, run {meta['run_id']}) | value | range | "
        "met |",
        "|---|---|---|---|",
    ]
    for t in results["targets"]:
        rng = t.get("spread")
        text = f"{_f(rng[0])}-{_f(rng[1])}" if rng else ""
        verdict = {True: "yes", False: "**no**", None: "not measured"}[t["met"]]
        lines.append(f"| {t['label']} {t['target']} | {_f(t['value'])} | {text} | {verdict} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import json
    import sys
    from pathlib import Path

    print(markdown_targets(json.loads(Path(sys.argv[1]).read_text())))
