"""Planning ``Delete Namespace    cascade=True``: what goes, in which order, what blocks it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .dependencies import deletion_order, nodes_from_versions, outside_dependants
from .search import Placement, Search

# Repositories tried first when deleting a collection (the delete endpoint
# wants a distribution base path that holds it; then it removes the
# collection from every repository).
_PREFERRED = ("published", "staging", "rejected", "validated", "community")


@dataclass
class CascadePlan:
    namespace: str
    # Collections (namespace.name), dependants before what they depend on.
    order: list[str] = field(default_factory=list)
    # For each collection, repositories to delete it through, best first.
    repositories: dict[str, list[str]] = field(default_factory=dict)
    # Collections of the namespace that collections elsewhere depend on.
    blockers: dict[str, list[str]] = field(default_factory=dict)

    def blocked_message(self) -> str:
        needs = "; ".join(
            f"{', '.join(users)} depend{'s' if len(users) == 1 else ''} on {target}"
            for target, users in sorted(self.blockers.items())
        )
        return (
            f"Cannot delete namespace '{self.namespace}' with its collections: {needs}. "
            "Delete those collections first; nothing was deleted."
        )


def plan_namespace_cascade(search: Search, namespace: str) -> CascadePlan:
    placements = search.placements(namespace)
    plan = CascadePlan(namespace)
    by_collection: dict[str, list[Placement]] = {}
    for row in placements:
        by_collection.setdefault(row.fqcn, []).append(row)
    versions = [
        {"namespace": p.namespace, "name": p.name, "dependencies": p.dependencies}
        for p in placements
    ]
    plan.order = deletion_order(nodes_from_versions(versions))
    for fqcn, rows in by_collection.items():
        names = {r.repository for r in rows}
        plan.repositories[fqcn] = [r for r in _PREFERRED if r in names] + sorted(
            names - set(_PREFERRED)
        )
    outside: list[dict[str, object]] = []
    for fqcn in plan.order:
        for row in search.dependants_of(fqcn):
            outside.append(
                {"namespace": row.namespace, "name": row.name, "dependencies": row.dependencies}
            )
    plan.blockers = outside_dependants(plan.order, nodes_from_versions(outside))
    return plan
