"""Task references in every shape the hub hands out."""

from __future__ import annotations

import pytest

from HubTaskLibrary.client.errors import InvalidArgumentError
from HubTaskLibrary.client.references import TaskRef, task_uuid, task_uuids, tasks_in_reply

U1 = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3"
U2 = "11111111-2222-4333-8444-555555555555"
U3 = "99999999-8888-4777-8666-555555555555"


@pytest.mark.parametrize(
    "reference",
    [
        f"/api/galaxy/pulp/api/v3/tasks/{U1}/",
        f"/api/automation-hub/pulp/api/v3/tasks/{U1}/",
        f"/api/galaxy/pulp/api/v3/tasks/{U1}",
        f"/api/galaxy/v3/tasks/{U1}/",
        f"/api/automation-hub/v3/tasks/{U1}/",
        f"/api/automation-hub/content/staging/v3/plugin/ansible/imports/collections/{U1}/",
        f"/api/galaxy/v3/imports/collections/{U1}/",
        f"http://127.0.0.1:8080/api/galaxy/pulp/api/v3/tasks/{U1}/",
        f"https://hub.example.com/api/automation-hub/pulp/api/v3/tasks/{U1}/?fields=state",
        U1,
        U1.upper(),
        U1.replace("-", ""),
        U1.replace("-", "").upper(),
        f"  {U1}\n",
        {"pulp_href": f"/api/galaxy/pulp/api/v3/tasks/{U1}/", "state": "running"},
        {"pulp_id": U1, "state": "running"},
        {"href": f"/api/galaxy/v3/tasks/{U1}/"},
        {"task": f"/api/galaxy/pulp/api/v3/tasks/{U1}/"},
        {
            "task": f"/api/automation-hub/content/staging/v3/plugin/ansible/imports/collections/{U1}/"
        },
        {"task": U1},
        {"task_id": U1},
        {
            "copy_task_id": U1,
            "remove_task_id": U2,
            "curate_all_synclist_repository_task_id": None,
        },
        TaskRef(f"/api/galaxy/pulp/api/v3/tasks/{U1}/", [U1, U2]),
    ],
    ids=lambda r: type(r).__name__ + ":" + str(r)[:60],
)
def test_task_uuid_reads_every_shape(reference):
    assert task_uuid(reference) == U1


@pytest.mark.parametrize(
    "reference",
    [
        "",
        None,
        "not-a-task",
        "/api/galaxy/v3/namespaces/ns1/",
        "/api/galaxy/pulp/api/v3/tasks/",
        "/api/galaxy/pulp/api/v3/tasks/1234/",
        U1[:-1],
        U1 + "0",
        "g" + U1[1:],
        f"/api/galaxy/pulp/api/v3/tasks/{U1}/extra/",
        12345,
        {},
        {"state": "running"},
        {"task": None, "task_id": ""},
        {"task": "bogus"},
        "x" * 500,
    ],
    ids=lambda r: type(r).__name__ + ":" + str(r)[:40],
)
def test_malformed_references_raise_one_line_invalid_argument(reference):
    with pytest.raises(InvalidArgumentError) as info:
        task_uuid(reference)
    message = str(info.value)
    assert "\n" not in message
    assert message
    assert len(message) < 300  # long input is shortened, not echoed whole
    assert isinstance(info.value, ValueError)


def test_message_says_which_shapes_are_understood():
    with pytest.raises(InvalidArgumentError, match=r"not a task reference.*uuid"):
        task_uuid("nope")
    with pytest.raises(InvalidArgumentError, match=r"keys \['state'\]"):
        task_uuid({"state": "running"})


def test_uuid_is_canonical_lowercase_dashed():
    assert task_uuid(U1.replace("-", "").upper()) == U1
    assert task_uuid(U1.upper()) == U1


def test_bad_first_key_falls_back_to_next_key():
    assert task_uuid({"task": "garbage", "task_id": U1}) == U1


def test_tasks_in_reply_order_and_dedup():
    body = {
        "copy_task_id": U1,
        "remove_task_id": U2,
        "curate_all_synclist_repository_task_id": None,
    }
    assert tasks_in_reply(body) == [U1, U2]
    body = {
        "remove_task_id": U2,
        "task": f"/api/galaxy/pulp/api/v3/tasks/{U3}/",
        "task_id": U3,
        "copy_task_id": U1.upper(),
    }
    # ``task`` first, then task_id, copy, remove; same uuid only once
    assert tasks_in_reply(body) == [U3, U1, U2]


@pytest.mark.parametrize("body", [None, "text", [U1], {}, {"name": "ns1"}, {"task": "bad"}])
def test_tasks_in_reply_unknown_shapes_give_empty_list(body):
    assert tasks_in_reply(body) == []


def test_taskref_is_a_string_with_several_uuids():
    href = f"/api/galaxy/pulp/api/v3/tasks/{U1}/"
    ref = TaskRef(href, [U1, U2])
    assert isinstance(ref, str)
    assert ref == href
    assert str(ref) == href
    assert ref.uuid == U1
    assert ref.uuids == (U1, U2)
    assert task_uuids([ref]) == [U1, U2]


def test_task_uuids_deduplicates_and_keeps_order():
    refs = [
        U2,
        TaskRef(f"/api/galaxy/pulp/api/v3/tasks/{U1}/", [U1, U2]),
        f"/api/galaxy/v3/tasks/{U1}/",
        {"copy_task_id": U3, "remove_task_id": U1},
        {"pulp_href": f"/api/galaxy/pulp/api/v3/tasks/{U3}/"},
        U2.upper(),
    ]
    assert task_uuids(refs) == [U2, U1, U3]


def test_task_uuids_reply_dict_adds_every_task():
    assert task_uuids([{"copy_task_id": U1, "remove_task_id": U2}]) == [U1, U2]


def test_task_uuids_task_dict_counts_once():
    # a task dictionary is one task, even though it might carry other keys
    task = {"pulp_href": f"/api/galaxy/pulp/api/v3/tasks/{U1}/", "task_id": U2}
    assert task_uuids([task]) == [U1]


def test_task_uuids_rejects_malformed_member():
    with pytest.raises(InvalidArgumentError):
        task_uuids([U1, "garbage"])
