"""Signing, approval with signing, rejection and cascades against the fake hub."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import FAST, U1, U2, U3
from conftest import HUB_ENV as ENV

from HubTaskLibrary import HubTaskLibrary
from HubTaskLibrary.client.errors import HubError
from HubTaskLibrary.client.signing import SigningUnavailableError

P = "/api/automation-hub/"
FLAGS = P + "_ui/v1/feature-flags/"
SETTINGS = P + "_ui/v1/settings/"
SEARCH = P + "v3/plugin/ansible/search/collection-versions/"
MOVE = P + "v3/collections/ns1/tools/versions/1.0.0/move/staging/published/"
SIGN = P + "_ui/v1/collection_signing/"
NO_SIGNING = {"can_create_signatures": False, "collection_auto_sign": False}
AUTO_SIGN = {"can_create_signatures": True, "collection_auto_sign": True}
ON_DEMAND = {"can_create_signatures": True, "collection_auto_sign": False}


@pytest.fixture
def lib(hub, monkeypatch):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    library = HubTaskLibrary(
        base_url=hub.url, username="admin", password="pw", timeout=timedelta(seconds=5)
    )
    library.ctx.client.tasks.schedule = FAST
    yield library
    library.ctx.close()


def run(lib, keyword, *args, **kwargs):
    return lib.run_keyword(keyword, list(args), kwargs)


def signing_hub(hub, flags, service="ansible-default"):
    hub.on("GET", FLAGS, (200, flags))
    hub.on("GET", SETTINGS, (200, {"GALAXY_COLLECTION_SIGNING_SERVICE": service}))


def row(ns, name, version, repository, pipeline=None, deps=None):
    return {
        "repository": {
            "name": repository,
            "pulp_href": f"{P}pulp/api/v3/repositories/ansible/ansible/{repository}/",
            "pulp_labels": {"pipeline": pipeline} if pipeline else {},
        },
        "collection_version": {
            "pulp_href": f"{P}pulp/api/v3/content/ansible/collection_versions/{name}/",
            "namespace": ns,
            "name": name,
            "version": version,
            "dependencies": deps or {},
        },
        "is_signed": False,
    }


def search_reply(*rows):
    return (200, {"meta": {"count": len(rows)}, "data": list(rows)})


def writes(hub):
    return [r for r in hub.requests if r.method in ("POST", "DELETE", "PATCH", "PUT")]


def test_signing_without_a_service_fails_at_once_in_one_line(hub, lib):
    signing_hub(hub, NO_SIGNING, service=None)
    with pytest.raises(SigningUnavailableError) as info:
        run(lib, "sign_collection", "ns1", "tools", "1.0.0")
    assert str(info.value).startswith("The hub has no collection signing service, so it cannot")
    assert "\n" not in str(info.value)
    assert writes(hub) == []


def test_sign_and_approve_without_a_service_changes_nothing(hub, lib):
    signing_hub(hub, NO_SIGNING, service=None)
    with pytest.raises(SigningUnavailableError):
        run(lib, "approve_collection", "ns1", "tools", sign=True)
    assert writes(hub) == []


def test_sign_and_approve_on_an_auto_signing_hub_is_one_move(hub, lib):
    signing_hub(hub, AUTO_SIGN)
    hub.on("POST", MOVE, (202, {"copy_task_id": U1, "remove_task_id": U1}))
    hub.add_task(U1, "running", "completed", name="galaxy_ng.app.tasks.signing.sign_and_move")
    ref = run(lib, "approve_collection", "ns1", "tools", sign=True)
    assert ref.uuids == (U1,)
    assert [r.path for r in writes(hub)] == [MOVE]


def test_sign_and_approve_elsewhere_signs_in_staging_then_moves(hub, lib):
    signing_hub(hub, ON_DEMAND)
    hub.on("POST", SIGN, (202, {"task_id": U2}))
    hub.add_task(U2, "running", "completed", name="pulp_ansible.app.tasks.signature.sign")
    hub.on("POST", MOVE, (202, {"copy_task_id": U1, "remove_task_id": U1}))
    hub.add_task(U1, "completed", name="pulp_ansible.app.tasks.copy.move_collection")
    run(lib, "approve_collection", "ns1", "tools", sign=True)
    assert [r.path for r in writes(hub)] == [SIGN, MOVE]
    assert hub.tasks[U2].state == "completed"
    assert writes(hub)[0].json() == {
        "signing_service": "ansible-default",
        "distro_base_path": "staging",
        "namespace": "ns1",
        "collection": "tools",
        "version": "1.0.0",
    }


def test_unknown_signing_service_is_named(hub, lib):
    signing_hub(hub, ON_DEMAND)
    hub.on("GET", P + "pulp/api/v3/signing-services/", (200, {"count": 0, "results": []}))
    with pytest.raises(SigningUnavailableError, match="Signing service 'other' does not exist"):
        run(lib, "sign_collection", "ns1", "tools", signing_service="other")
    assert writes(hub) == []


def test_reject_moves_to_the_repository_labelled_rejected(hub, lib):
    hub.on("GET", SEARCH, search_reply(row("ns1", "tools", "1.0.0", "staging", "staging")))
    hub.on(
        "GET",
        P + "pulp/api/v3/repositories/ansible/ansible/",
        (200, {"count": 1, "results": [{"name": "rejected"}]}),
    )
    move = P + "v3/collections/ns1/tools/versions/1.0.0/move/staging/rejected/"
    hub.on("POST", move, (202, {"copy_task_id": U3, "remove_task_id": U3}))
    hub.add_task(U3, "running", "completed", name="move_collection")
    refs = run(lib, "reject_collection", "ns1", "tools", "1.0.0")
    assert [r.uuid for r in refs] == [U3]
    assert [r.path for r in writes(hub)] == [move]


def test_reject_of_a_version_already_rejected_changes_nothing(hub, lib):
    hub.on("GET", SEARCH, search_reply(row("ns1", "tools", "1.0.0", "rejected", "rejected")))
    with pytest.raises(HubError, match="it is in rejected"):
        run(lib, "reject_collection", "ns1", "tools", "1.0.0")
    assert writes(hub) == []


def cascade_hub(hub, outside_user=False):
    hub.on("GET", P + "v3/namespaces/ns1/", (200, {"name": "ns1"}))
    base = row("ns1", "base", "1.0.0", "published", "approved")
    app = row("ns1", "app", "1.0.0", "staging", "staging", deps={"ns1.base": ">=1"})

    def search(rec):
        if rec.query.get("namespace") == "ns1":
            return search_reply(base, app)
        if rec.query.get("dependency") == "ns1.base":
            users = [app] + (
                [row("ns2", "user", "1.0.0", "staging", deps={"ns1.base": "*"})]
                if outside_user
                else []
            )
            return search_reply(*users)
        return search_reply()

    hub.on("GET", SEARCH, search)


def test_cascade_blocked_by_another_namespace_deletes_nothing(hub, lib):
    cascade_hub(hub, outside_user=True)
    with pytest.raises(HubError) as info:
        run(lib, "delete_namespace", "ns1", cascade=True)
    assert str(info.value) == (
        "Cannot delete namespace 'ns1' with its collections: ns2.user depends on ns1.base. "
        "Delete those collections first; nothing was deleted."
    )
    assert writes(hub) == []


def test_cascade_that_fails_midway_says_what_was_deleted_and_what_is_left(hub, lib):
    cascade_hub(hub)
    index = P + "v3/plugin/ansible/content/{}/collections/index/ns1/{}/"
    hub.on("DELETE", index.format("staging", "app"), (202, {"task": f"{P}pulp/api/v3/tasks/{U1}/"}))
    hub.add_task(U1, "running", "completed", name="delete_collection")
    hub.on(
        "DELETE",
        index.format("published", "base"),
        (
            400,
            {
                "detail": "Collection ns1.base could not be deleted because there are other "
                "collections that require it."
            },
        ),
    )
    with pytest.raises(HubError) as info:
        run(lib, "delete_namespace", "ns1", cascade=True)
    message = str(info.value)
    assert message.startswith("Delete Namespace 'ns1' cascade stopped at ns1.base: ")
    assert message.endswith("Deleted: ns1.app. Left: ns1.base and the namespace.")
    assert "\n" not in message
    assert [r.method for r in writes(hub)] == ["DELETE", "DELETE"]  # never the namespace
