"""Delete Created Resources: order, skipping, failures; the cleanup=True listener."""

from __future__ import annotations

import pytest

from HubTaskLibrary.client.errors import HubError, HubHTTPError, HubNotFoundError
from HubTaskLibrary.keywords.cleanup import CleanupKeywords
from HubTaskLibrary.keywords.context import LibraryContext, Settings
from HubTaskLibrary.library import HubTaskLibrary, _CloseListener


class FakeClient:
    def __init__(self, log, gone=(), failing=()):
        self.log, self.gone, self.failing = log, set(gone), set(failing)
        client = self

        class Collections:
            def exists(self, ns, name, version, repository):
                return repository == "staging" and (ns, name, version) not in client.gone

            def delete(self, ns, name, version, repository):
                client.log.append(f"collection {ns}.{name} {version}")
                return f"task-{name}"

        class Namespaces:
            def delete(self, name):
                if name in client.gone:
                    raise HubNotFoundError("gone", 404, "DELETE", "x")
                if name in client.failing:
                    raise HubHTTPError(f"Cannot delete namespace '{name}'", 400, "DELETE", "x")
                client.log.append(f"namespace {name}")

        class Repositories:
            def exists(self, kind, name):
                return name not in client.gone

            def delete(self, kind, name):
                client.log.append(f"{kind} {name}")
                return f"task-{name}"

        self.collections, self.namespaces = Collections(), Namespaces()
        self.repositories = Repositories()


class FakeOperation:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def make(created, **fake):
    settings = Settings.from_arguments("http://x", "u", "p", None, None, 10, True, True, None)
    ctx = LibraryContext(settings)
    log: list[str] = []
    waited: list[str] = []
    ctx._client = FakeClient(log, **fake)  # type: ignore[assignment]
    ctx.operation = lambda timeout=None: FakeOperation()  # type: ignore[method-assign]
    ctx.wait_for = lambda ref, timeout=None, what=None: waited.append(ref)  # type: ignore[method-assign]
    for kind, *names in created:
        ctx.remember(kind, *names)
    return CleanupKeywords(ctx), ctx, log, waited


CREATED = [
    ("remote", "rem"),
    ("namespace", "ns1"),
    ("repository", "repo"),
    ("collection", "ns1", "base", "1.0.0"),
    ("distribution", "dist"),
    ("collection", "ns1", "app", "1.0.0"),
]


def test_dependency_order_and_waits():
    keywords, ctx, log, waited = make(CREATED)
    deleted = keywords.delete_created_resources()
    assert log == [
        "collection ns1.app 1.0.0",
        "collection ns1.base 1.0.0",
        "distribution dist",
        "repository repo",
        "remote rem",
        "namespace ns1",
    ]
    assert deleted == log
    assert waited == ["task-app", "task-base", "task-dist", "task-repo", "task-rem"]
    assert ctx.created == []


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    monkeypatch.setattr("HubTaskLibrary.keywords.cleanup.time.sleep", lambda s: None)


def test_collection_missing_from_the_index_for_a_moment_is_still_deleted():
    keywords, _ctx, _log, _ = make([("collection", "ns1", "flaky", "1.0.0")])
    client = keywords.ctx._client
    answers = iter([False] * 4 + [True])  # first pass: not listed in any of 4 repos
    client.collections.exists = lambda *a: next(answers)
    assert keywords.delete_created_resources() == ["collection ns1.flaky 1.0.0"]


def test_already_gone_is_skipped_and_forgotten():
    keywords, ctx, _log, _ = make(CREATED, gone={("ns1", "base", "1.0.0"), "repo", "ns1"})
    deleted = keywords.delete_created_resources()
    assert "collection ns1.base 1.0.0" not in deleted
    assert "repository repo" not in deleted
    assert ctx.created == []


def test_failures_are_named_once_and_the_rest_is_deleted():
    keywords, ctx, log, _ = make(CREATED, failing={"ns1"})
    with pytest.raises(
        HubError, match=r"Could not delete 1 created resource\(s\): namespace ns1: "
    ):
        keywords.delete_created_resources()
    assert "remote rem" in log
    assert [c.kind for c in ctx.created] == ["namespace"]
    assert keywords.get_created_resources() == ["namespace ns1"]


def test_listener_runs_cleanup_only_when_asked():
    calls = []

    class Cleanup:
        def delete_created_resources(self):
            calls.append(1)

    _keywords, ctx, _, _ = make([("namespace", "ns1")])
    _CloseListener(ctx, None).end_suite(None, None)
    assert calls == []
    _CloseListener(ctx, Cleanup()).end_suite(None, None)  # type: ignore[arg-type]
    assert calls == [1]


def _close_listener(lib: HubTaskLibrary) -> _CloseListener:
    listeners = lib.ROBOT_LIBRARY_LISTENER
    listeners = listeners if isinstance(listeners, list) else [listeners]
    return next(x for x in listeners if isinstance(x, _CloseListener))


def test_cleanup_import_argument_and_keywords():
    lib = HubTaskLibrary(base_url="http://127.0.0.1:9", cleanup=True)
    assert _close_listener(lib).cleanup is not None
    assert "delete_created_resources" in lib.get_keyword_names()
    assert _close_listener(HubTaskLibrary(base_url="http://127.0.0.1:9")).cleanup is None
