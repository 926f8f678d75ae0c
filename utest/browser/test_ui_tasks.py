"""Waiting for the tasks the UI page started, against the fake hub and a fake page."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from conftest import FAST, PREFIX, TASKS, U1, U2

from HubTaskLibrary.browser import UIState, UITaskKeywords
from HubTaskLibrary.browser.tracking import SYNC_JS, PageTracker
from HubTaskLibrary.client.errors import TaskFailedError
from HubTaskLibrary.keywords.context import LibraryContext, Settings


class FakePage:
    """Answers the tracking script like an instrumented page: scripted looks,
    then a settled page with nothing new."""

    def __init__(self, *looks: dict[str, Any]):
        self.looks = list(looks)
        self.calls = 0

    def evaluate_javascript(self, selector, script, arg=None):
        assert script == SYNC_JS.strip()
        assert arg["header"] == "Correlation-ID"
        assert arg["prefix"].startswith(self.instance_id)
        self.calls += 1
        if self.looks:
            return {"tracked": True, **self.looks.pop(0)}
        return {"tracked": True, "pending": 0, "quiet": 1000, "done": []}


def request(cid: str, reply: dict[str, Any] | None, status: int = 202) -> dict[str, Any]:
    return {"cid": cid, "method": "POST", "url": PREFIX + "x/", "status": status, "reply": reply}


def library(hub, page: FakePage) -> UITaskKeywords:
    settings = Settings.from_arguments(
        hub.url, None, None, "t0ken", PREFIX, timedelta(seconds=5), True, True, None
    )
    ctx = LibraryContext(settings)
    ctx.client.tasks.schedule = FAST
    ui = UIState(PageTracker(ctx))
    ui.browser = page
    page.instance_id = ctx.client.session.instance_id
    return UITaskKeywords(ctx, ui)


def test_a_keyword_that_started_nothing_costs_no_hub_request(hub):
    page = FakePage({"pending": 0, "quiet": 5000, "done": []})
    kw = library(hub, page)
    before = len(hub.requests)
    assert kw.after_browser_keyword(page, wait=True) == []
    assert len(hub.requests) == before
    assert page.calls == 1


def test_auto_wait_waits_for_the_task_a_reply_named(hub):
    hub.add_task(U1, "running", "completed")
    page = FakePage(
        {"pending": 1, "quiet": 0, "done": []},
        {"pending": 0, "quiet": 500, "done": [request("c1", {"task": TASKS + U1 + "/"})]},
    )
    kw = library(hub, page)
    done = kw.after_browser_keyword(page, wait=True)
    assert [t["state"] for t in done] == ["completed"]
    # Reported once: the next wait does not return it again.
    assert kw.tracker.named_tasks() == []


def test_auto_wait_fails_with_the_tasks_error(hub):
    hub.add_task(U1, "failed", error={"description": "remote answered 404"})
    page = FakePage({"pending": 0, "quiet": 500, "done": [request("c1", {"task_id": U1})]})
    kw = library(hub, page)
    with pytest.raises(TaskFailedError, match=r"ended failed.*remote answered 404"):
        kw.after_browser_keyword(page, wait=True)


def test_replies_without_a_task_are_looked_up_by_their_correlation_id(hub):
    kw = library(hub, FakePage())
    cid = kw.tracker.prefix + "00000001"
    hub.add_task(U2, "completed").cid = cid
    asked: list[dict[str, str]] = []

    def by_prefix(rec):
        asked.append(rec.query)
        tasks = [
            t.as_dict() for t in hub.tasks.values() if rec.query["logging_cid__contains"] in t.cid
        ]
        return (200, {"count": len(tasks), "next": None, "results": tasks})

    hub.on("GET", TASKS, by_prefix)
    page = FakePage({"pending": 0, "quiet": 500, "done": [request(cid, None, status=201)]})
    kw.ui.browser = page
    page.instance_id = kw.ctx.client.session.instance_id
    done = kw.after_browser_keyword(page, wait=True)
    assert [t["state"] for t in done] == ["completed"]
    assert asked and asked[0]["logging_cid__contains"] == cid[:24]
    # The next period has a prefix of its own, so the hub lists only its tasks.
    assert kw.tracker.prefix != cid[:24]


def test_wait_for_ui_tasks_returns_empty_after_the_grace(hub):
    hub.on("GET", TASKS, (200, {"count": 0, "next": None, "results": []}))
    page = FakePage()
    kw = library(hub, page)
    started = time.monotonic()
    assert kw.wait_for_ui_tasks(grace=timedelta(seconds=0.4)) == []
    took = time.monotonic() - started
    assert took >= 0.4
    # Then it stopped: looks at 0 s, 0.3 s (GRACE_LOOK) and at the grace's end
    # at most (a slow machine makes fewer), not until a timeout.
    assert 1 <= len(hub.calls("GET", TASKS)) <= 3


def test_wait_for_ui_tasks_waits_for_the_page_tasks_only(hub):
    hub.add_task(U1, "running", "running", "completed")
    page = FakePage({"pending": 0, "quiet": 500, "done": [request("c1", {"task": U1})]})
    kw = library(hub, page)
    hub.on("GET", TASKS, (200, {"count": 0, "next": None, "results": []}))
    done = kw.wait_for_ui_tasks(timeout=timedelta(seconds=5))
    assert [t["pulp_href"].rstrip("/").rsplit("/", 1)[-1] for t in done] == [U1]
    assert done[0]["state"] == "completed"
