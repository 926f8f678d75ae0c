"""Which collections must be deleted before which: dependants first.

The hub refuses to delete a collection that another collection depends on
(400, "required by"). Deleting many collections therefore goes in an order
where every collection comes before the collections it depends on. This is
the one place that order is computed (``Delete Namespace    cascade=True``
and hub-wide cleanups both need it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CollectionNode:
    """One collection (all its versions) and the collections its versions depend on."""

    fqcn: str
    depends_on: frozenset[str] = field(default_factory=frozenset)


def nodes_from_versions(versions: Iterable[Mapping[str, Any]]) -> list[CollectionNode]:
    """Collections from collection-version dicts (``namespace``, ``name``, ``dependencies``).

    The versions of one collection are merged: if any version depends on X,
    the collection must go before X. A collection's dependency on itself
    (another version of it) is dropped, it is deleted as one.
    """
    merged: dict[str, set[str]] = {}
    for version in versions:
        fqcn = f"{version['namespace']}.{version['name']}"
        deps = merged.setdefault(fqcn, set())
        deps.update(str(d) for d in (version.get("dependencies") or {}) if str(d) != fqcn)
    return [CollectionNode(fqcn, frozenset(deps)) for fqcn, deps in merged.items()]


class DependencyCycleError(ValueError):
    """Collections that depend on each other in a circle (no safe order)."""

    def __init__(self, members: list[str]):
        super().__init__(
            "collections depend on each other in a circle: " + ", ".join(sorted(members))
        )
        self.members = members


def deletion_order(nodes: Iterable[CollectionNode]) -> list[str]:
    """Names in an order where each comes before every collection it depends on.

    Only dependencies among the given collections count (a dependency on a
    collection not being deleted does not constrain the order). Ties keep the
    given order, so the result is deterministic. Raises
    :class:`DependencyCycleError` naming the collections of a cycle.
    """
    items = list(nodes)
    names = [n.fqcn for n in items]
    known = set(names)
    # dependants[x]: collections that depend on x and must therefore go first.
    dependants: dict[str, set[str]] = {n: set() for n in names}
    for node in items:
        for dep in node.depends_on & known:
            dependants[dep].add(node.fqcn)
    order: list[str] = []
    placed: set[str] = set()
    while len(order) < len(names):
        ready = [n for n in names if n not in placed and dependants[n] <= placed]
        if not ready:
            raise DependencyCycleError([n for n in names if n not in placed])
        for name in ready:
            order.append(name)
            placed.add(name)
    return order


def outside_dependants(
    targets: Iterable[str], nodes: Iterable[CollectionNode]
) -> dict[str, list[str]]:
    """For each target collection, the collections *not* among the targets that depend on it.

    Those block a cascade: the hub would refuse to delete the target.
    """
    wanted = set(targets)
    found: dict[str, list[str]] = {}
    for node in nodes:
        if node.fqcn in wanted:
            continue
        for dep in sorted(node.depends_on & wanted):
            found.setdefault(dep, []).append(node.fqcn)
    return {k: sorted(v) for k, v in found.items()}
