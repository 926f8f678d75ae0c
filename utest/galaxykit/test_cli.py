"""`hubtask galaxykit` against the fake hub: waits, exit codes, one-line errors,
and the login kept between processes."""

from __future__ import annotations

import io
import json

import pytest
from conftest import U1, U2

from HubTaskLibrary.galaxykit import cli

PREFIX = "/api/automation-hub/"
LOGIN = f"{PREFIX}_ui/v1/auth/login/"


@pytest.fixture(autouse=True)
def _sessions_file(tmp_path, monkeypatch):
    monkeypatch.setenv("HUBTASK_GALAXYKIT_SESSIONS", str(tmp_path / "sessions.json"))
    monkeypatch.delenv("HUBTASK_TIMEOUT", raising=False)
    monkeypatch.delenv("HUB_USERNAME", raising=False)
    monkeypatch.delenv("HUB_PASSWORD", raising=False)


def login_routes(hub):
    hub.on("GET", LOGIN, (204, b"", {"Set-Cookie": "csrftoken=tok123; Path=/"}))
    hub.on("POST", LOGIN, (204, b"", {"Set-Cookie": "sessionid=sess456; Path=/"}))


def run(hub, *words, password="admin"):
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(
        ["-s", hub.url + PREFIX, "-p", password, "--timeout", "5", *words], out=out, err=err
    )
    return code, out.getvalue(), err.getvalue()


def delete_route(hub, uuid, path="v3/plugin/ansible/content/published/collections/index/ns1/c1/"):
    def dispatch(rec):
        return (202, {"task": f"{PREFIX}pulp/api/v3/tasks/{uuid}/"})

    hub.on("DELETE", PREFIX + path, dispatch)


def test_delete_waits_for_its_task_and_exits_0(hub):
    login_routes(hub)
    task = hub.add_task(U1, "waiting", "running", "completed")
    delete_route(hub, U1)
    code, _, err = run(hub, "collection", "delete", "ns1", "c1")
    assert (code, err) == (0, "")
    assert task.state == "completed"  # read until final


def test_a_failed_task_exits_1_with_one_line_of_at_most_200_characters(hub):
    login_routes(hub)
    hub.add_task(
        U1,
        "running",
        "failed",
        name="pulp_ansible.app.tasks.deletion.delete_collection",
        error={"description": "Collection is required by another one. " * 20, "traceback": "x"},
    )
    delete_route(hub, U1)
    code, _, err = run(hub, "collection", "delete", "ns1", "c1")
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 1 and len(lines[0]) <= 200, lines
    assert lines[0].startswith("hubtask galaxykit: task delete_collection failed: Collection is")
    assert lines[0].endswith(f"/ui/task/{U1}/")


def test_a_wait_that_runs_out_of_time_exits_1_naming_the_task(hub):
    login_routes(hub)
    hub.add_task(U1, "running", name="pulp_ansible.app.tasks.collections.sync")
    buf = io.StringIO()
    code = cli.run(
        ["-s", hub.url + PREFIX, "--timeout", "0.3", "task", "wait", U1],
        out=io.StringIO(),
        err=buf,
    )
    err = buf.getvalue()
    assert code == 1
    assert len(err.splitlines()) == 1 and len(err.strip()) <= 200
    assert "timed out after 0.3 s: sync is running" in err and U1 in err


def test_wait_all_with_a_stuck_task_exits_1_where_galaxykit_exits_0(hub, monkeypatch):
    login_routes(hub)
    hub.add_task(U2, "running", name="iamrunning")
    monkeypatch.setenv("HUBTASK_TIMEOUT", "0.3")
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["-s", hub.url + PREFIX, "task", "wait", "all"], out=out, err=err)
    assert code == 1
    assert "iamrunning is running" in err.getvalue()


def test_not_found_exits_2_and_ignore_makes_it_0(hub):
    login_routes(hub)
    code, _, err = run(hub, "collection", "delete", "ns1", "nope")
    assert code == 2 and "not found in repository 'published'" in err
    code, _, err = run(hub, "-i", "collection", "delete", "ns1", "nope")
    assert code == 0 and "ignored (-i)" in err


def test_ignore_does_not_hide_a_failed_task(hub):
    login_routes(hub)
    hub.add_task(U1, "failed", error={"description": "boom"})
    delete_route(hub, U1)
    code, _, err = run(hub, "-i", "collection", "delete", "ns1", "c1")
    assert code == 1 and "boom" in err


def test_bad_command_line_exits_2_with_one_line(hub):
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["collection", "approve", "ns1"], out=out, err=err) == 2
    assert len(err.getvalue().splitlines()) == 1
    assert cli.run(["--timeout", "soon", "task", "list"], out=out, err=err) == 2
    assert "timeout 'soon' is not a time" in err.getvalue()


def test_list_output_is_galaxykit_name_key_value_lines(hub):
    login_routes(hub)
    hub.on(
        "GET",
        f"{PREFIX}pulp/api/v3/remotes/ansible/collection/",
        (200, {"results": [{"name": "community", "url": "https://x/", "token": None}]}),
    )
    code, out, _ = run(hub, "remote", "list")
    assert (code, out) == (0, "community url=https://x/\n")


def test_the_next_process_reuses_the_login_and_a_stale_one_logs_in_again(hub):
    login_routes(hub)
    hub.on("GET", f"{PREFIX}v3/namespaces/ns1/", (200, {"name": "ns1"}))
    for _ in range(3):
        code, out, _ = run(hub, "namespace", "get", "ns1")
        assert code == 0 and json.loads(out) == {"name": "ns1"}
    posts = [r for r in hub.all_requests if r.method == "POST" and r.path == LOGIN]
    assert len(posts) == 1
    # A changed password is another session: it logs in itself.
    run(hub, "namespace", "get", "ns1", password="other")
    posts = [r for r in hub.all_requests if r.method == "POST" and r.path == LOGIN]
    assert len(posts) == 2
    # The hub forgot the session: one 403, one new login, done.
    hub.on(
        "GET",
        f"{PREFIX}v3/namespaces/ns1/",
        (403, {"detail": "Authentication credentials were not provided."}),
        (200, {"name": "ns1"}),
    )
    code, _, _ = run(hub, "namespace", "get", "ns1")
    assert code == 0
    posts = [r for r in hub.all_requests if r.method == "POST" and r.path == LOGIN]
    assert len(posts) == 3


def test_the_sessions_file_holds_no_password(hub, tmp_path):
    login_routes(hub)
    hub.on("GET", f"{PREFIX}v3/namespaces/ns1/", (200, {"name": "ns1"}))
    run(hub, "namespace", "get", "ns1", password="very-secret-pw")
    stored = (tmp_path / "sessions.json").read_text()
    assert "very-secret-pw" not in stored and "sess456" in stored
    assert (tmp_path / "sessions.json").stat().st_mode & 0o077 == 0


# -- execution environments ----------------------------------------------------------
REGISTRIES = f"{PREFIX}_ui/v1/execution-environments/registries/"
REMOTES = f"{PREFIX}_ui/v1/execution-environments/remotes/"
REPOSITORIES = f"{PREFIX}v3/plugin/execution-environments/repositories/"
UNIQUE = {"errors": [{"code": "unique", "detail": "This field must be unique."}]}


def registries(*items):
    return (200, {"meta": {"count": len(items)}, "links": {}, "data": list(items)})


def test_registry_list_prints_the_names_one_a_line_as_galaxykit(hub):
    login_routes(hub)
    hub.on("GET", REGISTRIES, registries({"id": "1", "name": "loop"}, {"id": "2", "name": "q"}))
    code, out, _ = run(hub, "registry", "list")
    assert (code, out) == (0, "loop\nq\n")


def test_registry_create_twice_exits_2_and_ignore_makes_it_0(hub):
    login_routes(hub)
    hub.on("POST", REGISTRIES, (201, {"id": "1", "name": "loop"}), (400, UNIQUE))
    assert run(hub, "registry", "create", "loop", "http://127.0.0.1:5000") == (0, "", "")
    assert hub.calls("POST", REGISTRIES)[0].json() == {
        "name": "loop",
        "url": "http://127.0.0.1:5000",
    }
    code, _, err = run(hub, "registry", "create", "loop", "http://127.0.0.1:5000")
    assert code == 2 and "Registry 'loop' already exists" in err
    code, _, err = run(hub, "-i", "registry", "create", "loop", "http://127.0.0.1:5000")
    assert code == 0 and "ignored (-i)" in err


def test_registry_delete_of_an_unknown_registry_exits_2(hub):
    login_routes(hub)
    hub.on("GET", REGISTRIES, registries())
    code, _, err = run(hub, "registry", "delete", "ghost")
    assert code == 2 and "Registry 'ghost' does not exist." in err
    assert run(hub, "-i", "registry", "delete", "ghost")[0] == 0


def test_container_create_syncs_latest_only_as_galaxykit_does(hub):
    login_routes(hub)
    hub.on("GET", REGISTRIES, registries({"id": "r1", "name": "loop"}))
    hub.on("POST", REMOTES, (201, {"name": "ee"}))
    assert run(hub, "container", "create", "ee", "hubtask/minimal", "loop") == (0, "", "")
    assert hub.calls("POST", REMOTES)[0].json() == {
        "name": "ee",
        "upstream_name": "hubtask/minimal",
        "registry": "r1",
        "include_tags": ["latest"],
        "exclude_tags": [],
    }


def test_container_create_in_an_unknown_registry_exits_2_creating_nothing(hub):
    login_routes(hub)
    hub.on("GET", REGISTRIES, registries())
    code, _, err = run(hub, "container", "create", "ee", "hubtask/minimal", "ghost")
    assert code == 2 and "Registry 'ghost' does not exist." in err
    assert not hub.calls("POST", REMOTES)


def test_container_delete_waits_for_its_task(hub):
    login_routes(hub)
    task = hub.add_task(U1, "waiting", "running", "completed")
    hub.on("DELETE", f"{REPOSITORIES}ns/ee/", (202, {"task": f"{PREFIX}pulp/api/v3/tasks/{U1}/"}))
    assert run(hub, "container", "delete", "ns/ee") == (0, "", "")
    assert task.state == "completed"


def test_a_failed_image_deletion_exits_1_with_one_line(hub):
    login_routes(hub)
    hub.add_task(
        U1,
        "failed",
        name="galaxy_ng.app.tasks.deletion.delete_container_image_manifest",
        error={"description": "manifest is locked " * 30},
    )
    hub.on(
        "DELETE",
        f"{REPOSITORIES}ee/_content/images/sha256:abc/",
        (202, {"task": f"{PREFIX}pulp/api/v3/tasks/{U1}/"}),
    )
    code, _, err = run(hub, "-i", "container-image", "delete", "ee", "sha256:abc")
    lines = err.splitlines()
    assert code == 1 and len(lines) == 1 and len(lines[0]) <= 200, lines
    assert "task delete_container_image_manifest failed: manifest is locked" in lines[0]


def test_container_readme_prints_it_without_a_text_and_sets_it_with_one(hub):
    login_routes(hub)
    path = f"{REPOSITORIES}ee/_content/readme/"
    hub.on("GET", path, (200, {"text": "# EE", "created_at": None, "updated_at": None}))
    hub.on("PUT", path, (200, {"text": "new"}))
    assert run(hub, "container", "readme", "ee") == (0, "# EE\n", "")
    assert run(hub, "container", "readme", "ee", "new") == (0, "", "")
    assert hub.calls("PUT", path)[0].json() == {"text": "new"}


def test_hubtask_galaxykit_starts_without_the_local_hub_manager():
    # One process per Cypress step: the entry point goes to galaxykit before
    # anything of the local hub is imported (~0.1 s a call).
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from HubTaskLibrary.cli import main\n"
        "rc = main(['galaxykit', '-s', 'http://127.0.0.1:9/', 'nosuchkind', 'list'])\n"
        "print(rc, 'HubTaskLibrary.localhub.manager' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.split() == ["2", "False"], proc.stderr
    assert "nosuchkind" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
