"""Where collection versions are: pulp_ansible's cross-repository search.

``v3/plugin/ansible/search/collection-versions/`` has one row per
(repository, collection version) with the repository (name, href,
``pulp_labels``, so its pipeline), the version (href, dependencies) and
``is_signed``. pulp_ansible rebuilds a repository's rows when a task makes a
new repository version, so after a keyword's wait the rows are current.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .area import Area
from .artifacts import check_name, check_version

SEARCH = "v3/plugin/ansible/search/collection-versions/"
# The index has no order of its own: paged by offset without one, rows repeat
# and others are never shown (verified on 4.9.2: 134 rows read 100 at a time gave
# 129 distinct, with order_by=pulp_created all 134). Every paged read orders.
SEARCH_ORDER = {"order_by": "pulp_created"}
_PAGE = 1000


@dataclass(frozen=True)
class Placement:
    """One collection version in one repository."""

    namespace: str
    name: str
    version: str
    content_href: str
    repository: str
    repository_href: str
    pipeline: str | None
    is_signed: bool
    dependencies: dict[str, str]

    @property
    def fqcn(self) -> str:
        return f"{self.namespace}.{self.name}"

    @property
    def label(self) -> str:
        return f"{self.namespace}.{self.name} {self.version}"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Placement:
        cv = row.get("collection_version") or {}
        repo = row.get("repository") or {}
        labels = repo.get("pulp_labels") or {}
        return cls(
            namespace=str(cv.get("namespace", "")),
            name=str(cv.get("name", "")),
            version=str(cv.get("version", "")),
            content_href=str(cv.get("pulp_href", "")),
            repository=str(repo.get("name", "")),
            repository_href=str(repo.get("pulp_href", "")),
            pipeline=labels.get("pipeline"),
            is_signed=bool(row.get("is_signed")),
            dependencies=dict(cv.get("dependencies") or {}),
        )


class Search(Area):
    def placements(
        self,
        namespace: str,
        name: str | None = None,
        version: str | None = None,
        repository: str | None = None,
    ) -> list[Placement]:
        """Every (repository, version) row matching, all pages."""
        check_name(namespace, "namespace")
        params: dict[str, Any] = {"namespace": namespace, "limit": _PAGE, "offset": 0}
        if name is not None:
            params["name"] = check_name(name, "collection")
        if version is not None:
            params["version"] = check_version(version)
        if repository is not None:
            params["repository_name"] = repository
        return self._all(params)

    def dependants_of(self, fqcn: str) -> list[Placement]:
        """Rows of versions (in any repository) that depend on collection ``fqcn``."""
        return self._all({"dependency": fqcn, "limit": _PAGE, "offset": 0})

    def _all(self, params: dict[str, Any]) -> list[Placement]:
        found: list[Placement] = []
        params = {**params, **SEARCH_ORDER}
        while True:
            body = self.session.get_json(SEARCH, params=params)
            rows = body.get("data") or body.get("results") or []
            found.extend(Placement.from_row(r) for r in rows)
            total = (body.get("meta") or {}).get("count", body.get("count", len(found)))
            if not rows or len(found) >= int(total):
                return found
            params = {**params, "offset": params["offset"] + len(rows)}
