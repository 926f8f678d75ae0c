"""`hubtask galaxykit` parses what galaxykit 0.14.0 parses, with its defaults.

Each row is a command line as the hub UI's Cypress specs write it and the
values galaxykit 0.14.0's own parser gives for it (read from its KIND_OPS
table and global options; `approve`, `copy`, `deprecate`, `undeprecate` and
`registry list` are from its source tree, which the specs run).
"""

from __future__ import annotations

import pytest

from HubTaskLibrary.galaxykit.commands import HANDLERS
from HubTaskLibrary.galaxykit.parser import ParseError, parse
from HubTaskLibrary.galaxykit.table import operations

GLOBAL_DEFAULTS = {
    "ignore": False,
    "auth_username": "admin",
    "auth_password": "admin",
    "token": None,
    "auth_url": None,
    "ignore_certs": False,
    "server": "http://localhost:8002/api/automation-hub/",
    "debug": False,
}

ROWS = [
    ("collection list", {}),
    ("collection upload", {"namespace": None, "collection_name": None, "version": "1.0.0"}),
    ("collection upload ns1", {"namespace": "ns1", "collection_name": None, "version": "1.0.0"}),
    (
        "collection upload ns1 c1 2.0.0",
        {"namespace": "ns1", "collection_name": "c1", "version": "2.0.0"},
    ),
    (
        "collection approve ns1 c1 1.0.0",
        {"namespace": "ns1", "collection_name": "c1", "version": "1.0.0"},
    ),
    (
        "collection move ns1 c1",
        {
            "namespace": "ns1",
            "collection_name": "c1",
            "version": "1.0.0",
            "source": "staging",
            "destination": "published",
        },
    ),
    (
        "collection move ns1 c1 1.0.1 published rejected",
        {"version": "1.0.1", "source": "published", "destination": "rejected"},
    ),
    (
        "collection copy ns1 c1 1.0.0 published validated",
        {
            "namespace": "ns1",
            "collection_name": "c1",
            "source": "published",
            "destination": "validated",
        },
    ),
    (
        "collection delete ns1 c1",
        {"namespace": "ns1", "collection": "c1", "version": None, "repository": "published"},
    ),
    ("collection delete ns1 c1 1.0.0 staging", {"version": "1.0.0", "repository": "staging"}),
    (
        "collection deprecate ns1 c1",
        {"namespace": "ns1", "collection": "c1", "repository": "published"},
    ),
    ("collection undeprecate ns1 c1 staging", {"repository": "staging"}),
    (
        "collection info ns1 c1 1.0.0",
        {
            "repository": "published",
            "namespace": "ns1",
            "collection_name": "c1",
            "version": "1.0.0",
        },
    ),
    ("collection info staging ns1 c1 1.0.0", {"repository": "staging", "namespace": "ns1"}),
    ("namespace create ns1", {"name": "ns1", "group": None}),
    ("namespace create ns1 group1", {"name": "ns1", "group": "group1"}),
    ("namespace delete ns1", {"name": "ns1"}),
    ("namespace get ns1", {"name": "ns1"}),
    ("namespace list", {}),
    ("namespace list-collections ns1", {"name": "ns1"}),
    ("task list", {"only_running": False}),
    ("task list --only_running", {"only_running": True}),
    ("task wait all", {"id": "all"}),
    (
        "task wait 0190b1d3-0000-7000-8000-000000000000",
        {"id": "0190b1d3-0000-7000-8000-000000000000"},
    ),
    ("remote create r1 http://127.0.0.1:1/", {"name": "r1", "url": "http://127.0.0.1:1/"}),
    ("remote delete r1", {"name": "r1"}),
    ("remote list", {}),
    ("repository create repo1", {"name": "repo1", "pipeline": None, "remote": None}),
    ("repository create repo1 --pipeline=approved", {"pipeline": "approved", "remote": None}),
    (
        "repository create repo1 --pipeline staging --remote r1",
        {"pipeline": "staging", "remote": "r1"},
    ),
    ("repository delete repo1", {"name": "repo1"}),
    ("repository list", {}),
    ("distribution create repo1", {"name": "repo1"}),
    ("distribution delete repo1", {"name": "repo1"}),
    ("distribution list", {}),
    ("registry list", {}),
    (
        "registry create reg1 http://127.0.0.1:5000",
        {"name": "reg1", "url": "http://127.0.0.1:5000"},
    ),
    ("registry delete reg1", {"name": "reg1"}),
    (
        "container create ee1 hubtask/minimal reg1",
        {"name": "ee1", "upstream_name": "hubtask/minimal", "registry": "reg1"},
    ),
    ("container delete ns/ee1", {"name": "ns/ee1"}),
    ("container readme ee1", {"container": "ee1", "readme": None}),
    ("container readme ee1 Hello", {"container": "ee1", "readme": "Hello"}),
    ("container-image delete ee1 sha256:abc", {"container": "ee1", "image": "sha256:abc"}),
    ("url get v3/namespaces/", {"url": "v3/namespaces/"}),
    ("user list", {}),
    (
        "user create bob pw --email b@x --first_name B --last_name C --is_superuser",
        {
            "username": "bob",
            "password": "pw",
            "email": "b@x",
            "first_name": "B",
            "is_superuser": True,
        },
    ),
    (
        "user create bob pw",
        {"email": None, "first_name": None, "last_name": None, "is_superuser": False},
    ),
    ("user delete bob", {"username": "bob"}),
    ("user group add bob g1", {"subop": "add", "username": "bob", "groupname": "g1"}),
    ("user group remove bob g1", {"subop": "remove", "username": "bob", "groupname": "g1"}),
    ("group list", {}),
    ("group create g1", {"name": "g1"}),
    ("group delete g1", {"name": "g1"}),
    ("group role list g1", {"subop": "list", "groupname": "g1"}),
    (
        "group role add g1 galaxy.content_admin",
        {"groupname": "g1", "rolename": "galaxy.content_admin"},
    ),
    (
        "group role remove g1 galaxy.content_admin",
        {"subop": "remove", "rolename": "galaxy.content_admin"},
    ),
    ("role list", {}),
    (
        "role create r1 Desc --permissions galaxy.a,galaxy.b",
        {"name": "r1", "description": "Desc", "permissions": "galaxy.a,galaxy.b"},
    ),
    ("role create r1 Desc -p galaxy.a", {"permissions": "galaxy.a"}),
    ("role delete r1", {"name": "r1"}),
]


@pytest.fixture(autouse=True)
def _no_hub_env(monkeypatch):
    monkeypatch.delenv("HUB_USERNAME", raising=False)
    monkeypatch.delenv("HUB_PASSWORD", raising=False)


@pytest.mark.parametrize(("line", "expected"), ROWS, ids=[r[0] for r in ROWS])
def test_command_lines_parse_as_in_galaxykit(line, expected):
    args = parse(line.split())
    for key, value in {**GLOBAL_DEFAULTS, **expected}.items():
        assert getattr(args, key) == value, key


def test_global_options_as_galaxykit_spells_them():
    line = "-i -u bob -p secret -t tok -c -s http://127.0.0.1:1/api/galaxy/ --debug task wait all"
    args = parse(line.split(" "))
    assert (args.ignore, args.auth_username, args.auth_password, args.token) == (
        True,
        "bob",
        "secret",
        "tok",
    )
    assert args.ignore_certs and args.debug
    assert args.server == "http://127.0.0.1:1/api/galaxy/"
    long = parse(
        ["--ignore", "--username", "bob", "--password", "pw", "--ignore-certs", "task", "list"]
    )
    assert (long.ignore, long.auth_username, long.ignore_certs) == (True, "bob", True)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "bogus list",
        "collection",
        "collection approve ns1 c1",  # version is required for approve
        "namespace create",
        "task wait",
        "remote create r1",
        "registry create reg1",  # url is required
        "container create ee1 hubtask/minimal",  # so is the registry
        "container-image delete ee1",
        "container readme ee1 a b",
        "remote create r1",
        "collection upload a b c d",
    ],
)
def test_bad_command_lines_raise_one_line(line):
    with pytest.raises(ParseError) as err:
        parse(line.split())
    assert "\n" not in str(err.value)


def test_every_command_has_a_handler():
    assert sorted(operations()) == sorted(HANDLERS)
    covered = {tuple(line.split()[:3]) for line, _ in ROWS} | {
        tuple(line.split()[:2]) for line, _ in ROWS
    }
    assert set(operations()) <= covered


def test_credentials_default_to_the_hub_environment_before_admin(monkeypatch):
    monkeypatch.setenv("HUB_USERNAME", "hubuser")
    monkeypatch.setenv("HUB_PASSWORD", "from-env")
    args = parse(["task", "list"])
    assert (args.auth_username, args.auth_password) == ("hubuser", "from-env")
    assert parse(["-p", "given", "task", "list"]).auth_password == "given"
