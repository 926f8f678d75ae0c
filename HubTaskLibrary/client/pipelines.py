"""Repository pipelines (the ``pipeline`` label) and the approval flow's moves.

galaxy_ng marks the repositories of its approval flow with the label
``pipeline``: ``staging`` (needs review), ``approved`` (published) and
``rejected``. Its approval dashboard lists versions by that label, approves
into the repository labelled ``approved`` and rejects by moving a version
from the repository it is in (labelled ``staging`` or ``approved``) to the
one repository labelled ``rejected`` (ansible-hub-ui as bundled with galaxy_ng
4.9.2). The library does the same through the API.
"""

from __future__ import annotations

from typing import Literal, get_args

from .area import Area
from .errors import HubError, InvalidArgumentError
from .search import Placement

PipelineName = Literal["approved", "staging", "rejected"]
PIPELINES: tuple[str, ...] = get_args(PipelineName)
# Repositories a version can be rejected from (the dashboard's Reject action).
REJECTABLE = ("staging", "approved")


def check_pipeline(value: str | None) -> str | None:
    if value is None or value in PIPELINES:
        return value
    raise InvalidArgumentError(
        f"pipeline must be one of {', '.join(PIPELINES)} or None, not '{value}'."
    )


class NotInPipelineError(HubError):
    """A version is not where an approval-flow step needs it."""


def rejection_sources(label: str, placements: list[Placement]) -> list[Placement]:
    """The rows a rejection moves from: versions in staging or approved repositories.

    Fails with one line naming where the version is instead.
    """
    sources = [p for p in placements if p.pipeline in REJECTABLE]
    if sources:
        return sources
    where = sorted({p.repository for p in placements})
    raise NotInPipelineError(
        f"Cannot reject {label}: only a version in a staging or approved repository can be "
        + (
            f"rejected, and it is in {', '.join(where)}."
            if where
            else "rejected, and it is not on the hub: upload it first."
        )
    )


class Pipelines(Area):
    def repository_with_pipeline(self, pipeline: str) -> str:
        """The name of the one repository labelled ``pipeline=<pipeline>``."""
        body = self.session.get_json(
            "pulp/api/v3/repositories/ansible/ansible/",
            params={"pulp_label_select": f"pipeline={pipeline}", "fields": "name", "limit": 2},
        )
        names = [str(r["name"]) for r in body.get("results") or []]
        if len(names) != 1:
            raise NotInPipelineError(
                f"The hub must have exactly one repository labelled pipeline={pipeline}, "
                f"it has {body.get('count', len(names))}: fix the repositories' labels."
            )
        return names[0]
