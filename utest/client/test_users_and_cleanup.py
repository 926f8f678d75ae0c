"""Users, roles and hub-wide cleanup: the parts that need no hub."""

from __future__ import annotations

import json

import pytest

from HubTaskLibrary.client.cleanup import (
    CleanupSummary,
    check_pattern,
    deletion_waves,
    matching,
    protect,
)
from HubTaskLibrary.client.errors import InvalidArgumentError
from HubTaskLibrary.client.http import HubSession
from HubTaskLibrary.client.users import UserInfo, generate_password, register_secret

PREFIX = "/api/automation-hub/"
LOGIN = f"{PREFIX}_ui/v1/auth/login/"
ME = f"{PREFIX}_ui/v1/me/"


def test_dependants_are_deleted_before_what_they_depend_on():
    # a.app -> a.lib -> b.base; c.solo alone; x.ext depends on nothing chosen
    waves = deletion_waves(
        {
            "a.app": {"a.lib"},
            "a.lib": {"b.base", "not.chosen"},
            "b.base": set(),
            "c.solo": set(),
        }
    )
    assert waves == [["a.app", "c.solo"], ["a.lib"], ["b.base"]]


def test_a_dependency_cycle_ends_in_one_last_wave():
    assert deletion_waves({"a.x": {"a.y"}, "a.y": {"a.x"}, "a.z": set()}) == [
        ["a.z"],
        ["a.x", "a.y"],
    ]


def test_patterns_are_mandatory_globs():
    for blank in ("", "  ", None):
        with pytest.raises(InvalidArgumentError, match="there is no delete-everything default"):
            check_pattern(blank, "users")
    assert matching(["e2e_a", "e2e_b", "admin", "E2E_c"], "e2e_*") == ["e2e_a", "e2e_b"]


def test_protected_names_are_kept_by_a_glob_and_refused_by_name():
    protected = {"admin": "the hub's admin user"}
    assert protect("*", ["admin", "bob"], protected, "user") == (["bob"], ["admin"])
    with pytest.raises(InvalidArgumentError, match="User 'admin' is the hub's admin user"):
        protect("admin", ["admin"], protected, "user")


def test_summary_is_one_line():
    summary = CleanupSummary("repository(ies)", "e2e_*", deleted=["e2e_r1"], kept=["published"])
    summary.also.append(CleanupSummary("distribution(s)", "e2e_*", deleted=["e2e_d1"]))
    line = summary.line()
    assert "\n" not in line
    assert line == (
        "Deleted 1 repository(ies) matching 'e2e_*' (e2e_r1), with 1 distribution(s) (e2e_d1); "
        "kept published; waited for 0 task(s)."
    )


def test_user_info_prints_no_password():
    info = UserInfo(username="bob", id=3, password="very-secret-value")
    assert "very-secret-value" not in repr(info)
    assert "very-secret-value" not in str(info)
    assert info["password"] == "very-secret-value"


def test_generated_passwords_are_long_and_different():
    first, second = generate_password(), generate_password()
    assert first != second
    assert len(first) >= 32


def test_secrets_go_to_the_scan_file(tmp_path, monkeypatch):
    target = tmp_path / "secrets.txt"
    monkeypatch.setenv("HUBTASK_SECRETS_FILE", str(target))
    register_secret("first-secret-1")
    register_secret("")
    register_secret("second-secret-2")
    assert target.read_text().splitlines() == ["first-secret-1", "second-secret-2"]
    monkeypatch.delenv("HUBTASK_SECRETS_FILE")
    register_secret("not-written")  # no file named: nothing happens
    assert "not-written" not in target.read_text()


def test_switching_credentials_logs_in_as_the_new_user_and_keeps_the_instance_id(hub):
    hub.on("GET", LOGIN, (204, b"", {"Set-Cookie": "csrftoken=tok; Path=/"}))
    hub.on("POST", LOGIN, (204, b"", {"Set-Cookie": "sessionid=sess; Path=/"}))
    hub.on("GET", ME, (200, {"username": "x"}))
    session = HubSession(hub.url, username="admin", password="adminpw", api_prefix=PREFIX)
    session.get_json("_ui/v1/me/")
    instance = session.instance_id
    session.set_credentials("bob", "bobs-password")
    session.get_json("_ui/v1/me/")
    assert session.instance_id == instance
    assert session.username == "bob"
    posts = [r for r in hub.all_requests if r.method == "POST" and r.path == LOGIN]
    assert [json.loads(p.body)["username"] for p in posts] == ["admin", "bob"]
    session.set_credentials("carol", token="tok-carol")
    session.get_json("_ui/v1/me/")
    last = hub.calls(path=ME)[-1]
    assert last.headers.get("Authorization") == "Token tok-carol"
    assert "sessionid" not in (last.headers.get("Cookie") or "")


def test_every_paged_read_of_the_search_index_is_ordered(monkeypatch):
    # Unordered, offset pages of the index repeat rows and skip others (4.9.2):
    # the hub-wide cleanup and the search area both ask for an order.
    from HubTaskLibrary.client import cleanup
    from HubTaskLibrary.client.search import SEARCH, Search

    asked: list[dict] = []

    class Session:
        def get_json(self, path, params=None):
            asked.append({"path": path, **(params or {})})
            return {"meta": {"count": 0}, "data": []}

    cleanup.collections_on_hub(Session())  # type: ignore[arg-type]
    search = Search.__new__(Search)
    search.session = Session()  # type: ignore[assignment]
    search.placements("ns1")
    search.dependants_of("ns1.c1")
    assert [a["path"] for a in asked] == [SEARCH] * 3
    assert all(a.get("order_by") == "pulp_created" for a in asked)
