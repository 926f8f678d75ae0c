"""The hub's own view of time: task timestamps, and the limit they imply.

The limit of a step is what an ideal client could not beat, measured on the
library's own run: from the step's first request being sent (Robot's keyword
start time) to the step's first task being created, the span from that task's
creation to the last task of the step (children included) finishing, and one
GET round trip with the cheapest auth (a token) to see the end. Tasks are
grouped into steps by ``logging_cid``: Pulp stores the request's Correlation-ID
on every task the request (and its tasks) dispatched, and HubTaskLibrary sends
one id per keyword.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import requests

TASKS = "pulp/api/v3/tasks/"
FINAL = {"completed", "failed", "canceled", "skipped"}
TASK_FIELDS = "pulp_href,name,state,logging_cid,pulp_created,started_at,finished_at,child_tasks"


def parse_time(value: str | None) -> float | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def iso(posix: float) -> str:
    return datetime.fromtimestamp(posix, tz=timezone.utc).isoformat()


def uuid_of(href: str) -> str:
    return href.rstrip("/").rsplit("/", 1)[-1]


@dataclass
class Hub:
    """Where the hub is, and a plain requests session that times its round trips."""

    url: str
    prefix: str
    username: str = "admin"
    password: str = "admin"
    session: requests.Session = field(default_factory=requests.Session)
    requests_made: int = 0
    get_rtts: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.session.auth = (self.username, self.password)
        self.session.headers["Accept"] = "application/json"

    @property
    def api(self) -> str:
        return self.url + self.prefix

    def env(self) -> dict[str, str]:
        return {
            "HUB_URL": self.url,
            "HUB_API_PREFIX": self.prefix,
            "HUB_USERNAME": self.username,
            "HUB_PASSWORD": self.password,
        }

    def fresh_token(self) -> str:
        """A new API token for the user (this invalidates the user's previous token)."""
        return self.call("POST", "v3/auth/token/")[0]["token"]

    def call(self, method: str, path: str, **kwargs: Any) -> tuple[Any, float]:
        """(JSON reply or None, round trip in seconds); fails on any 4xx/5xx."""
        if path.startswith("http"):
            url = path
        elif path.startswith("/"):  # hrefs in replies are host paths
            url = self.url + path
        else:
            url = self.api + path
        started = time.monotonic()
        self.requests_made += 1
        reply = self.session.request(method, url, timeout=60, **kwargs)
        rtt = time.monotonic() - started
        if method == "GET":
            self.get_rtts.append(rtt)
        if reply.status_code >= 400:
            raise RuntimeError(f"{method} {url}: {reply.status_code} {reply.text[:300]}")
        return (reply.json() if reply.content else None), rtt

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.call("GET", path, **kwargs)[0]

    def task(self, uuid: str) -> dict[str, Any]:
        return self.get(f"{TASKS}{uuid}/")

    def tasks_created(self, since: float, until: float, **filters: Any) -> list[dict[str, Any]]:
        """Tasks created in a time window, oldest first (pages newest first until ``since``)."""
        params = {"ordering": "-pulp_created", "fields": TASK_FIELDS, "limit": 200, **filters}
        found: list[dict[str, Any]] = []
        body = self.get(TASKS, params=params)
        while True:
            for task in body["results"]:
                created = parse_time(task["pulp_created"]) or 0.0
                if created < since:
                    return found[::-1]
                if created <= until:
                    found.append(task)
            if not body.get("next"):
                return found[::-1]
            body = self.get(body["next"])

    def median_get_rtt(self) -> float:
        return statistics.median(self.get_rtts[-200:]) if self.get_rtts else 0.0


def span(tasks: list[dict[str, Any]]) -> float:
    """Seconds from the first task's creation to the last one's end."""
    created = [parse_time(t["pulp_created"]) for t in tasks]
    finished = [parse_time(t.get("finished_at")) for t in tasks]
    return max(f for f in finished if f) - min(c for c in created if c)


def last_finished(tasks: list[dict[str, Any]]) -> float:
    return max(parse_time(t.get("finished_at")) or 0.0 for t in tasks)


# Which step of the seed scenario started a task, by the name of the first
# task of its correlation id.
STEP_OF_TASK = (
    ("namespace", "namespaces"),
    ("upload", "import"),
    ("approve", "move_collection"),
    ("approve", "sign_and_move"),  # approval with signing on (the local hub's default)
    ("approve", "copy"),
    ("delete", "delet"),
)


def tasks_by_step(tasks: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for task in tasks:
        groups.setdefault(str(task.get("logging_cid")), []).append(task)
    steps: dict[str, list[dict[str, Any]]] = {}
    for group in groups.values():
        first = min(group, key=lambda t: t["pulp_created"])["name"]
        step = next((s for s, word in STEP_OF_TASK if word in first), "other")
        steps.setdefault(step, []).extend(group)
    return steps


def step_limits(
    tasks: list[dict[str, Any]], step_started: dict[str, float], see_rtt: float
) -> dict[str, float]:
    """The hub's own time per step, and their ``total``.

    Per step: from the step's first request being sent (``step_started``) to
    its first task's creation, the span of the step's tasks, and one cheapest
    GET round trip (``see_rtt``) to see the end.
    """
    limits = {}
    for step, group in tasks_by_step(tasks).items():
        if step in step_started:
            created = min(parse_time(t["pulp_created"]) or 0.0 for t in group)
            before = max(0.0, created - step_started[step])
            limits[step] = before + span(group) + see_rtt
    limits["total"] = sum(limits.values())
    return limits
