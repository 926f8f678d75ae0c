"""Admin-side look at the hub for the resilience suites (test-only).

Talks to the hub directly (not through HubTaskLibrary), so its checks do not
depend on the code under test. Secrets it makes (user passwords, tokens) are
never returned to Robot, so they are never logged: they go to environment
variables that suites use as ``%{NAME}``, and to a secrets file (mode 0600)
that ``scripts/check-secrets.py --secrets-file`` reads after the run.
"""

from __future__ import annotations

import os
import secrets
import string
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from robot.api import logger
from robot.api.deco import keyword
from urllib3.util.retry import Retry

DEFAULT_SECRETS_FILE = "/tmp/hubtask-resilience-secrets.txt"


class HubProbe:
    ROBOT_LIBRARY_SCOPE = "GLOBAL"

    def __init__(self, secrets_file: str | None = None) -> None:
        env = os.environ
        self.base = env["HUB_URL"].rstrip("/") + (env.get("HUB_API_PREFIX") or "/api/galaxy/")
        self.auth = (env["HUB_USERNAME"], env["HUB_PASSWORD"])
        self.secrets_file = Path(
            secrets_file or env.get("HUBTASK_SECRETS_FILE") or DEFAULT_SECRETS_FILE
        )
        self.http = requests.Session()
        # Reads are retried: the hub's gunicorn closes idle keep-alive connections
        # after 2 s, and a request racing that close gets a reset.
        retry = Retry(total=5, backoff_factor=0.2, status_forcelist=(502, 503, 504))
        self.http.mount("http://", HTTPAdapter(max_retries=retry))

    def _get(self, path: str, **params: object) -> dict:
        reply = self.http.get(self.base + path, auth=self.auth, params=params, timeout=60)
        reply.raise_for_status()
        return reply.json()

    def _record_secret(self, value: str) -> None:
        self.secrets_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.secrets_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a") as out:
            out.write(value + "\n")

    # -- users and tokens ------------------------------------------------------------
    @keyword
    def create_hub_user(self, username: str, password_variable: str) -> None:
        """Creates a user with no groups or roles and a random password.

        The password is put in environment variable ``password_variable`` (use
        ``%{NAME}`` in the suite) and in the secrets file; it is never logged.
        """
        alphabet = string.ascii_letters + string.digits
        password = "Hp-" + "".join(secrets.choice(alphabet) for _ in range(24))
        body = {"username": username, "password": password, "email": "", "groups": []}
        body.update(first_name="", last_name="")
        reply = self.http.post(self.base + "_ui/v1/users/", json=body, auth=self.auth, timeout=60)
        if reply.status_code != 201:
            raise AssertionError(f"Creating user {username} failed: {reply.status_code}")
        os.environ[password_variable] = password
        self._record_secret(password)
        logger.info(f"Created user {username} (id {reply.json()['id']}), no groups.")

    @keyword
    def delete_hub_user(self, username: str) -> None:
        """Deletes the user if it exists."""
        for user in self._get("_ui/v1/users/", username=username)["data"]:
            if user["username"] == username:
                self.http.delete(
                    f"{self.base}_ui/v1/users/{user['id']}/", auth=self.auth, timeout=60
                ).raise_for_status()
                logger.info(f"Deleted user {username}.")

    @keyword
    def fetch_token_for_user(self, username: str, password_variable: str, token_variable: str):
        """``POST v3/auth/token/`` as ``username``: replaces *that user's* token.

        Never call it for a shared user (admin): it invalidates their token.
        The token goes to environment variable ``token_variable`` and the secrets file.
        """
        reply = self.http.post(
            self.base + "v3/auth/token/",
            auth=(username, os.environ[password_variable]),
            timeout=60,
        )
        if reply.status_code != 200:
            raise AssertionError(f"Fetching a token for {username} failed: {reply.status_code}")
        token = reply.json()["token"]
        os.environ[token_variable] = token
        self._record_secret(token)
        logger.info(f"Fetched a token for {username} ({len(token)} characters).")

    @keyword
    def text_should_not_reveal_secrets(self, text: str) -> None:
        """Fails if ``text`` holds a secret recorded by this library (never printing it)."""
        for secret in self._secrets():
            if secret in str(text):
                raise AssertionError(f"The text reveals a secret ({len(secret)} characters).")

    def _secrets(self) -> list[str]:
        if not self.secrets_file.is_file():
            return []
        return [line.strip() for line in self.secrets_file.read_text().splitlines() if line.strip()]

    @keyword
    def get_secrets_file(self) -> str:
        """The path of the file holding the secrets this library made."""
        return str(self.secrets_file)

    # -- what the hub holds -------------------------------------------------------------
    def _all(self, path: str, **params: object) -> list[dict]:
        items: list[dict] = []
        params = {"limit": 100, **params}
        url: str | None = self.base + path
        while url:
            reply = self.http.get(url, auth=self.auth, params=params, timeout=60)
            reply.raise_for_status()
            body = reply.json()
            items += body.get("results", body.get("data", []))
            nxt = body.get("next") or (body.get("links") or {}).get("next")
            url = (nxt if nxt.startswith("http") else os.environ["HUB_URL"] + nxt) if nxt else None
            params = {}
        return items

    @keyword
    def get_hub_inventory(self) -> dict:
        """Namespaces, repositories, remotes, distributions and ``repo:ns.name:version`` lists."""
        pulp = "pulp/api/v3/"
        repositories = self._all(pulp + "repositories/ansible/ansible/")
        distributions = self._all(pulp + "distributions/ansible/ansible/")
        collections = []
        for dist in distributions:
            index = f"v3/plugin/ansible/content/{dist['base_path']}/collections/index/"
            for item in self._all(index):
                version = (item.get("highest_version") or {}).get("version")
                collections.append(
                    f"{dist['base_path']}:{item['namespace']}.{item['name']}:{version}"
                )
        inventory = {
            "namespaces": sorted(n["name"] for n in self._all("v3/namespaces/")),
            "repositories": sorted(r["name"] for r in repositories),
            "remotes": sorted(r["name"] for r in self._all(pulp + "remotes/ansible/collection/")),
            "distributions": sorted(d["name"] for d in distributions),
            "collections": sorted(collections),
        }
        logger.info(", ".join(f"{k}: {len(v)}" for k, v in inventory.items()))
        return inventory

    @keyword
    def get_hub_counts(self) -> dict:
        """How many users, groups, namespaces, collections (versions in any repository),
        repositories, distributions and remotes the hub holds."""

        def count(path: str) -> int:
            body = self._get(path, limit=1)
            return int(body["meta"]["count"] if "meta" in body else body["count"])

        pulp = "pulp/api/v3/"
        counts = {
            "users": count("_ui/v1/users/"),
            "groups": count("_ui/v1/groups/"),
            "namespaces": count("v3/namespaces/"),
            "collections": count("v3/plugin/ansible/search/collection-versions/"),
            "repositories": count(pulp + "repositories/ansible/ansible/"),
            "distributions": count(pulp + "distributions/ansible/ansible/"),
            "remotes": count(pulp + "remotes/ansible/collection/"),
        }
        logger.info(", ".join(f"{k}: {v}" for k, v in counts.items()))
        return counts

    @keyword
    def user_should_exist(self, username: str) -> None:
        """Fails unless the hub has user ``username``."""
        users = self._get("_ui/v1/users/", username=username)["data"]
        if not any(u["username"] == username for u in users):
            raise AssertionError(f"User {username} is gone.")

    @keyword
    def hub_should_hold_no_user_group_or_role_named(self, token: str, ignore: str = "") -> None:
        """No user, group or role whose name contains ``token`` (``ignore``: one the
        suite made on purpose)."""
        found = [
            f"user {u['username']}"
            for u in self._all("_ui/v1/users/", username__contains=token)
            if token in u["username"]
        ]
        found += [
            f"group {g['name']}"
            for g in self._all("_ui/v1/groups/", name__contains=token)
            if token in g["name"]
        ]
        found += [
            f"role {r['name']}"
            for r in self._all("pulp/api/v3/roles/", name__contains=token)
            if token in r["name"]
        ]
        found = [f for f in found if not (ignore and f.endswith(" " + ignore))]
        if found:
            raise AssertionError(f"Left on the hub: {'; '.join(found)}")

    @keyword
    def inventory_should_not_mention(self, inventory: dict, *names: str) -> None:
        """Fails if any entry of ``inventory`` contains one of ``names``."""
        found = [
            f"{kind}: {item}"
            for kind, items in inventory.items()
            for item in items
            for name in names
            if name in item
        ]
        if found:
            raise AssertionError(f"Left on the hub: {'; '.join(found)}")

    @keyword
    def hub_should_hold_nothing_named(
        self, token: str, *namespaces: str, everything: bool = False
    ) -> None:
        """A quick look: no namespace whose name contains ``token``, no collection
        containing it in staging under any of ``namespaces``; with ``everything``
        also no such repository, remote or distribution, and published/rejected."""
        pulp = "pulp/api/v3/"
        found = [
            f"namespace {n['name']}" for n in self._all("v3/namespaces/") if token in n["name"]
        ]
        kinds = (
            ("repository", "repositories/ansible/ansible/"),
            ("remote", "remotes/ansible/collection/"),
            ("distribution", "distributions/ansible/ansible/"),
        )
        for kind, path in kinds if everything else ():
            found += [f"{kind} {r['name']}" for r in self._all(pulp + path, name__contains=token)]
        for namespace in namespaces:
            for repo in ("staging", "published", "rejected") if everything else ("staging",):
                index = f"v3/plugin/ansible/content/{repo}/collections/index/"
                found += [
                    f"collection {repo}:{c['namespace']}.{c['name']}"
                    for c in self._all(index, namespace=namespace)
                    if token in c["name"]
                ]
        if found:
            raise AssertionError(f"Left on the hub: {'; '.join(found)}")

    @keyword
    def get_unfinished_task_names(self) -> list:
        """Names of the tasks waiting, running or canceling on the hub."""
        tasks = self._all(
            "pulp/api/v3/tasks/", state__in="waiting,running,canceling", fields="name"
        )
        return [t["name"] for t in tasks]
