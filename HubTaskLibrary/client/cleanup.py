"""Hub-wide cleanup: what the Cypress helpers do, with globs, order and waits.

Every function here takes a glob that is mandatory (no delete-everything
default), never touches what the hub cannot do without (the admin user, the
user we act as, the repositories and remotes galaxy_ng 4.9.2 makes by itself)
and deletes dependants before what they depend on. Each one waits for every
task it starts and returns a :class:`CleanupSummary` whose ``line()`` is the
one log line of the keyword.

``delete_collections_in_dependency_order`` is the one place that orders
collection deletions; every other caller (namespace cascade, created
resources) should go through it.
"""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .collections import Collections
from .errors import HubHTTPError, HubNotFoundError, InvalidArgumentError
from .http import HubSession
from .namespaces import Namespaces
from .pages import all_items
from .references import task_uuids
from .repositories import KINDS, Repositories
from .search import SEARCH, SEARCH_ORDER
from .tasks import TaskService, WaitReport
from .users import Users

if TYPE_CHECKING:
    from .hub import HubClient

# What galaxy_ng 4.9.2 creates by itself (migrations 0017 and 0032; verified
# on the local hub): these repositories, each with a distribution of the
# same base path, and the two remotes.
DEFAULT_REPOSITORIES = frozenset(
    {"published", "staging", "rejected", "community", "rh-certified", "validated"}
)
DEFAULT_REMOTES = frozenset({"community", "rh-certified"})
ADMIN_USER = "admin"
_GLOB_CHARACTERS = frozenset("*?[")


@dataclass
class CleanupSummary:
    """What a cleanup did, for its one log line."""

    kind: str
    pattern: str
    deleted: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    reports: list[WaitReport] = field(default_factory=list)
    also: list[CleanupSummary] = field(default_factory=list)

    @property
    def tasks(self) -> int:
        return sum(len(r.tasks) for r in self.reports) + sum(s.tasks for s in self.also)

    def line(self) -> str:
        text = f"Deleted {len(self.deleted)} {self.kind} matching '{self.pattern}'"
        if self.deleted:
            text += f" ({', '.join(self.deleted)})"
        for other in self.also:
            if other.deleted:
                text += f", with {len(other.deleted)} {other.kind} ({', '.join(other.deleted)})"
        if self.kept:
            text += f"; kept {', '.join(self.kept)}"
        return text + f"; waited for {self.tasks} task(s)."


def check_pattern(pattern: object, kind: str) -> str:
    """A cleanup glob: mandatory and not blank."""
    text = str(pattern if pattern is not None else "").strip()
    if not text:
        raise InvalidArgumentError(
            f"Give a glob naming the {kind} to delete (e.g. e2e_*): there is no "
            "delete-everything default."
        )
    return text


def is_glob(pattern: str) -> bool:
    return any(c in _GLOB_CHARACTERS for c in pattern)


def matching(names: Iterable[str], pattern: str) -> list[str]:
    """Names matching the glob (case sensitive, like the hub's names)."""
    return sorted(n for n in names if fnmatch.fnmatchcase(n, pattern))


def protect(
    pattern: str, names: list[str], protected: Mapping[str, str], kind: str
) -> tuple[list[str], list[str]]:
    """Split matches into (to delete, kept). A protected name given literally
    is an error; one matched by a glob is kept and reported."""
    if not is_glob(pattern) and pattern in protected:
        raise InvalidArgumentError(
            f"{kind.capitalize()} '{pattern}' is {protected[pattern]}: it is never deleted; "
            "give a pattern for test data only."
        )
    return [n for n in names if n not in protected], [n for n in names if n in protected]


class Deadline:
    def __init__(self, timeout: float):
        self.ends = time.monotonic() + timeout

    def left(self) -> float:
        return max(0.5, self.ends - time.monotonic())


# -- collections ------------------------------------------------------------------
@dataclass
class HubCollection:
    """One collection (all its versions) as the cross-repository search shows it."""

    namespace: str
    name: str
    repositories: set[str] = field(default_factory=set)
    # "ns.name" of the collections any of its versions depends on.
    depends_on: set[str] = field(default_factory=set)

    @property
    def fqcn(self) -> str:
        return f"{self.namespace}.{self.name}"


def collections_on_hub(session: HubSession) -> dict[str, HubCollection]:
    """Every collection in any repository, by ``namespace.name``."""
    found: dict[str, HubCollection] = {}
    for entry in all_items(session, SEARCH, SEARCH_ORDER):
        version = entry.get("collection_version") or {}
        repository = (entry.get("repository") or {}).get("name")
        key = f"{version.get('namespace')}.{version.get('name')}"
        item = found.setdefault(
            key, HubCollection(str(version.get("namespace")), str(version.get("name")))
        )
        if repository:
            item.repositories.add(str(repository))
        item.depends_on.update(str(d) for d in (version.get("dependencies") or {}))
    for item in found.values():
        item.depends_on.discard(item.fqcn)
    return found


def deletion_waves(dependencies: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Collections in the order they can be deleted: each wave holds those no
    collection of a later wave depends on (dependants first). A cycle ends
    up in one last wave (the hub will refuse it and say why)."""
    left = {
        name: {d for d in deps if d in dependencies and d != name}
        for name, deps in dependencies.items()
    }
    waves: list[list[str]] = []
    while left:
        needed = {d for deps in left.values() for d in deps}
        wave = sorted(name for name in left if name not in needed)
        if not wave:
            wave = sorted(left)
        waves.append(wave)
        for name in wave:
            del left[name]
    return waves


def delete_collections_in_dependency_order(
    session: HubSession,
    collections: Collections,
    tasks: TaskService,
    targets: Sequence[HubCollection],
    timeout: float,
    everything: Mapping[str, HubCollection] | None = None,
) -> list[WaitReport]:
    """Delete whole collections (every version, from every repository),
    dependants before what they depend on; one wave of deletions at a time,
    all of a wave dispatched, then waited for together.

    ``everything`` (all collections on the hub) lets it refuse, before any
    change, when a collection left alone depends on one to delete.
    """
    chosen = {c.fqcn: c for c in targets}
    if everything is not None:
        for other in everything.values():
            if other.fqcn in chosen:
                continue
            needed = sorted(d for d in other.depends_on if d in chosen)
            if needed:
                raise InvalidArgumentError(
                    f"Cannot delete {', '.join(needed)}: {other.fqcn} depends on it and is not "
                    "among the collections to delete; widen the pattern or delete it first."
                )
    deadline = Deadline(timeout)
    reports: list[WaitReport] = []
    for wave in deletion_waves({name: c.depends_on for name, c in chosen.items()}):
        refs = []
        for name in wave:
            item = chosen[name]
            repository = sorted(item.repositories)[0]
            try:
                refs.append(collections.delete(item.namespace, item.name, None, repository))
            except HubNotFoundError:
                continue  # gone meanwhile
        if refs:
            reports.append(tasks.wait(task_uuids(refs), timeout=deadline.left()))
    return reports


def delete_collections(
    session: HubSession,
    collections: Collections,
    tasks: TaskService,
    namespace: str,
    repository: str | None,
    timeout: float,
) -> CleanupSummary:
    pattern = check_pattern(namespace, "namespaces' collections")
    everything = collections_on_hub(session)
    targets = [
        c
        for c in everything.values()
        if fnmatch.fnmatchcase(c.namespace, pattern)
        and (repository is None or repository in c.repositories)
    ]
    if repository is not None and not any(
        repository in c.repositories for c in everything.values()
    ):
        Repositories(session, tasks).find("repository", repository)  # unknown: clear 404
    summary = CleanupSummary(
        "collection(s)", pattern + (f"' in repository '{repository}" if repository else "")
    )
    summary.reports = delete_collections_in_dependency_order(
        session, collections, tasks, targets, timeout, everything
    )
    summary.deleted = sorted(c.fqcn for c in targets)
    return summary


# -- namespaces -------------------------------------------------------------------
def delete_namespaces(
    session: HubSession,
    namespaces: Namespaces,
    collections: Collections,
    tasks: TaskService,
    pattern: str,
    cascade: bool,
    timeout: float,
) -> CleanupSummary:
    pattern = check_pattern(pattern, "namespaces")
    names = matching((str(n["name"]) for n in all_items(session, "v3/namespaces/")), pattern)
    if not is_glob(pattern) and not names:
        namespaces.get(pattern)  # a literal name that does not exist: clear 404
    summary = CleanupSummary("namespace(s)", pattern)
    everything = collections_on_hub(session)
    inside = [c for c in everything.values() if c.namespace in names]
    if inside and not cascade:
        held = sorted({c.namespace for c in inside})
        raise InvalidArgumentError(
            f"Namespace(s) {', '.join(held)} still hold collections: give cascade=True "
            "to delete them first, or delete them (Delete Collections)."
        )
    deadline = Deadline(timeout)
    if inside:
        also = CleanupSummary("collection(s)", pattern)
        also.reports = delete_collections_in_dependency_order(
            session, collections, tasks, inside, deadline.left(), everything
        )
        also.deleted = sorted(c.fqcn for c in inside)
        summary.also.append(also)
    for name in names:
        try:
            namespaces.delete(name)
        except HubNotFoundError:
            continue
        summary.deleted.append(name)
    # Deleting a namespace may start tasks (its Pulp metadata): they are ours.
    return summary


# -- users and groups -------------------------------------------------------------
def delete_users(users: Users, pattern: str, acting_as: Iterable[str | None]) -> CleanupSummary:
    pattern = check_pattern(pattern, "users")
    protected = {ADMIN_USER: "the hub's admin user"}
    for name in acting_as:
        if name:
            protected.setdefault(name, "the user this library is logged in as")
    found = matching((str(u["username"]) for u in users.list_users()), pattern)
    if not is_glob(pattern) and not found and pattern not in protected:
        users.find_user(pattern)
    doomed, kept = protect(pattern, found, protected, "user")
    summary = CleanupSummary("user(s)", pattern, kept=kept)
    for name in doomed:
        try:
            users.delete_user(name)
        except HubNotFoundError:
            continue
        summary.deleted.append(name)
    return summary


def delete_groups(users: Users, pattern: str) -> CleanupSummary:
    pattern = check_pattern(pattern, "groups")
    found = matching((str(g["name"]) for g in users.list_groups()), pattern)
    if not is_glob(pattern) and not found:
        users.find_group(pattern)
    summary = CleanupSummary("group(s)", pattern)
    for name in found:
        try:
            users.delete_group(name)
        except HubNotFoundError:
            continue
        summary.deleted.append(name)
    return summary


# -- repositories and remotes -----------------------------------------------------
def delete_repositories(
    session: HubSession,
    repositories: Repositories,
    tasks: TaskService,
    pattern: str,
    timeout: float,
) -> CleanupSummary:
    """Matching repositories with every distribution that serves them."""
    pattern = check_pattern(pattern, "repositories")
    every = all_items(session, KINDS["repository"])
    found = matching((str(r["name"]) for r in every), pattern)
    if not is_glob(pattern) and not found and pattern not in DEFAULT_REPOSITORIES:
        repositories.find("repository", pattern)
    protected = {n: "one of the hub's default repositories" for n in DEFAULT_REPOSITORIES}
    doomed, kept = protect(pattern, found, protected, "repository")
    hrefs = {str(r["pulp_href"]) for r in every if r["name"] in doomed}
    distributions = sorted(
        str(d["name"])
        for d in all_items(session, KINDS["distribution"])
        if d.get("repository") in hrefs
    )
    deadline = Deadline(timeout)
    summary = CleanupSummary("repository(ies)", pattern, kept=kept)
    dists = CleanupSummary("distribution(s)", pattern)
    dists.reports = _delete_all(repositories, tasks, "distribution", distributions, deadline)
    dists.deleted = distributions
    summary.also.append(dists)
    summary.reports = _delete_all(repositories, tasks, "repository", doomed, deadline)
    summary.deleted = doomed
    return summary


def delete_remotes(
    session: HubSession,
    repositories: Repositories,
    tasks: TaskService,
    pattern: str,
    timeout: float,
) -> CleanupSummary:
    pattern = check_pattern(pattern, "remotes")
    found = matching((str(r["name"]) for r in all_items(session, KINDS["remote"])), pattern)
    if not is_glob(pattern) and not found and pattern not in DEFAULT_REMOTES:
        repositories.find("remote", pattern)
    protected = {n: "one of the hub's default remotes" for n in DEFAULT_REMOTES}
    doomed, kept = protect(pattern, found, protected, "remote")
    summary = CleanupSummary("remote(s)", pattern, kept=kept)
    summary.reports = _delete_all(repositories, tasks, "remote", doomed, Deadline(timeout))
    summary.deleted = doomed
    return summary


def _delete_all(
    repositories: Repositories,
    tasks: TaskService,
    kind: str,
    names: Sequence[str],
    deadline: Deadline,
) -> list[WaitReport]:
    """Dispatch every deletion, then wait for all of them together."""
    refs = []
    for name in names:
        try:
            refs.append(repositories.delete(kind, name))
        except HubNotFoundError:
            continue
        except HubHTTPError as err:
            raise HubHTTPError(
                f"Cannot delete {kind} '{name}': {err.hub_message}",
                err.status,
                err.method,
                err.url,
                err.body,
                err.hub_message,
            ) from None
    if not refs:
        return []
    return [tasks.wait(task_uuids(refs), timeout=deadline.left())]


# -- what one library instance created ----------------------------------------------
ACCESS_KINDS = ("user", "group", "role")


def delete_access(client: HubClient, kind: str, name: str) -> bool:
    """Delete a user, group or role ``Delete Created Resources`` remembers;
    False when it was already gone."""
    try:
        if kind == "user":
            client.users.delete_user(name)
        elif kind == "group":
            client.users.delete_group(name)
        else:
            client.roles.delete(name)
    except HubNotFoundError:
        return False
    return True
