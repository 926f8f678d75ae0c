"""The execution environment client against the fake hub: paths, one-line errors."""

from __future__ import annotations

import pytest
from conftest import FAST

from HubTaskLibrary.client.containers import (
    REGISTRIES,
    REMOTES,
    REPOSITORIES,
    Containers,
    check_container_name,
    image_reference,
)
from HubTaskLibrary.client.errors import HubHTTPError, HubNotFoundError, InvalidArgumentError
from HubTaskLibrary.client.http import HubSession
from HubTaskLibrary.client.tasks import TaskService

P = "/api/automation-hub/"
U = "01234567-89ab-7def-8123-456789abcdef"
UNIQUE = {"errors": [{"code": "unique", "detail": "This field must be unique."}]}


@pytest.fixture
def containers(hub) -> Containers:
    session = HubSession(hub.url, username="admin", password="pw", api_prefix=P)
    yield Containers(session, TaskService(session, FAST))
    session.close()


def page(*items: dict) -> tuple[int, dict, dict]:
    return (200, {"meta": {"count": len(items)}, "links": {}, "data": list(items)}, {})


def test_duplicate_registry_is_one_line_naming_it(hub, containers) -> None:
    hub.on("POST", P + REGISTRIES, (400, UNIQUE, {}))
    with pytest.raises(
        HubHTTPError, match=r"^Registry 'loop' already exists: pick another name\.$"
    ):
        containers.create_registry("loop", "http://127.0.0.1:1")


def test_registry_url_must_be_http(containers) -> None:
    with pytest.raises(InvalidArgumentError, match="must be an http"):
        containers.create_registry("loop", "127.0.0.1:5000")


def test_remote_container_names_the_registry_by_id(hub, containers) -> None:
    hub.on("GET", P + REGISTRIES, page({"id": "r1", "name": "loop"}))
    hub.on("POST", P + REMOTES, (201, {"name": "ee"}, {}))
    containers.create_remote_container("ns/ee", "hubtask/minimal", "loop", ["1.0"])
    body = hub.calls("POST", P + REMOTES)[0].json()
    assert body == {
        "name": "ns/ee",
        "upstream_name": "hubtask/minimal",
        "registry": "r1",
        "include_tags": ["1.0"],
        "exclude_tags": [],
    }


def test_unknown_registry_fails_before_anything_is_created(hub, containers) -> None:
    hub.on("GET", P + REGISTRIES, page())
    with pytest.raises(HubNotFoundError, match=r"^Registry 'ghost' does not exist\.$"):
        containers.create_remote_container("ee", "up", "ghost")
    assert not hub.calls("POST")


def test_duplicate_container_is_one_line(hub, containers) -> None:
    hub.on("GET", P + REGISTRIES, page({"id": "r1", "name": "loop"}))
    hub.on("POST", P + REMOTES, (400, UNIQUE, {}))
    with pytest.raises(HubHTTPError, match=r"^Container 'ee' already exists: pick another name\.$"):
        containers.create_remote_container("ee", "up", "loop")


def test_sync_returns_the_task_of_the_202(hub, containers) -> None:
    hub.on(
        "POST",
        f"{P}{REPOSITORIES}ns/ee/_content/sync/",
        (202, {"task": f"{P}pulp/api/v3/tasks/{U}/"}, {}),
    )
    ref = containers.sync("ns/ee")
    assert ref.uuid == U


def test_sync_of_unknown_container(hub, containers) -> None:
    hub.on("POST", f"{P}{REPOSITORIES}ee/_content/sync/", (404, {"detail": "Not found."}, {}))
    with pytest.raises(
        HubNotFoundError, match=r"^Cannot sync container 'ee': it does not exist\.$"
    ):
        containers.sync("ee")


def test_tags_read_every_page(hub, containers) -> None:
    hub.on("GET", f"{P}{REPOSITORIES}ee/_content/tags/", page({"name": "2.0"}, {"name": "1.0"}))
    assert containers.tags("ee") == ["1.0", "2.0"]


@pytest.mark.parametrize("bad", ["Upper", "a/b/c", "", "-x", "a b"])
def test_container_names_follow_galaxy_ng(bad: str) -> None:
    with pytest.raises(InvalidArgumentError, match="Invalid container name"):
        check_container_name(bad)


def test_image_references() -> None:
    assert image_reference("127.0.0.1:5000/a/b:1") == "docker://127.0.0.1:5000/a/b:1"
    assert image_reference("localhost:5000/a:1") == "docker://localhost:5000/a:1"
    assert image_reference("oci:/tmp/x:1") == "oci:/tmp/x:1"
    assert image_reference("docker://quay.io/a:1") == "docker://quay.io/a:1"


def test_readme_reads_and_sets_the_text(hub, containers) -> None:
    path = f"{P}{REPOSITORIES}ns/ee/_content/readme/"
    hub.on("GET", path, (200, {"text": "# Hello", "created_at": "x", "updated_at": "y"}, {}))
    hub.on("PUT", path, (200, {"text": "# Bye"}, {}))
    assert containers.readme("ns/ee") == "# Hello"
    containers.set_readme("ns/ee", "# Bye")
    assert hub.calls("PUT", path)[0].json() == {"text": "# Bye"}


def test_readme_of_unknown_container(hub, containers) -> None:
    hub.on("GET", f"{P}{REPOSITORIES}ee/_content/readme/", (404, {"detail": "Not found."}, {}))
    with pytest.raises(HubNotFoundError, match=r"^Container 'ee' does not exist\.$"):
        containers.readme("ee")


def test_delete_image_by_digest_returns_its_task(hub, containers) -> None:
    hub.on(
        "DELETE",
        f"{P}{REPOSITORIES}ee/_content/images/sha256:abc/",
        (202, {"task": f"{P}pulp/api/v3/tasks/{U}/"}, {}),
    )
    assert containers.delete_image("ee", "sha256:abc").uuid == U


def test_delete_image_that_is_not_there(hub, containers) -> None:
    hub.on("DELETE", f"{P}{REPOSITORIES}ee/_content/images/9.9/", (404, {"detail": "x"}, {}))
    with pytest.raises(HubNotFoundError, match=r"^Cannot delete image '9.9' of container 'ee'"):
        containers.delete_image("ee", "9.9")
    with pytest.raises(InvalidArgumentError, match="Invalid image"):
        containers.delete_image("ee", "a/b")


def test_a_container_named_like_a_registry_says_so(hub, containers) -> None:
    # Both are pulp remotes: the hub's unique check spans registries and containers.
    hub.on("GET", P + REGISTRIES, page({"id": "r1", "name": "loop"}))
    hub.on("POST", P + REMOTES, (400, UNIQUE, {}))
    with pytest.raises(HubHTTPError, match=r"^Container name 'loop' is taken by a registry "):
        containers.create_remote_container("loop", "up", "loop")


def test_a_registry_named_like_a_container_says_so(hub, containers) -> None:
    hub.on("POST", P + REGISTRIES, (400, UNIQUE, {}))
    hub.on("GET", f"{P}{REPOSITORIES}ee/", (200, {"name": "ee"}, {}))
    with pytest.raises(HubHTTPError, match=r"^Registry name 'ee' is taken by a container "):
        containers.create_registry("ee", "http://127.0.0.1:1")
