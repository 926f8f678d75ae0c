"""Pipeline labels and where a rejection moves from."""

from __future__ import annotations

import pytest

from HubTaskLibrary.client.errors import InvalidArgumentError
from HubTaskLibrary.client.pipelines import NotInPipelineError, check_pipeline, rejection_sources
from HubTaskLibrary.client.repositories import version_number
from HubTaskLibrary.client.search import Placement


def place(repository: str, pipeline: str | None, version: str = "1.0.0") -> Placement:
    return Placement(
        "ns", "tools", version, f"/cv/{version}/", repository, "/r/", pipeline, False, {}
    )


def test_known_pipelines_pass_and_others_fail_in_one_line() -> None:
    for value in ("approved", "staging", "rejected", None):
        assert check_pipeline(value) == value
    with pytest.raises(
        InvalidArgumentError,
        match=r"^pipeline must be one of approved, staging, "
        r"rejected or None, not 'published'\.$",
    ):
        check_pipeline("published")


def test_rejection_moves_from_staging_or_approved_repositories() -> None:
    rows = [place("staging", "staging"), place("rejected", "rejected"), place("repo2", "approved")]
    assert [p.repository for p in rejection_sources("ns.tools 1.0.0", rows)] == ["staging", "repo2"]


def test_rejecting_a_rejected_version_says_where_it_is() -> None:
    with pytest.raises(NotInPipelineError) as info:
        rejection_sources("ns.tools 1.0.0", [place("rejected", "rejected"), place("v", None)])
    assert str(info.value) == (
        "Cannot reject ns.tools 1.0.0: only a version in a staging or approved repository can be "
        "rejected, and it is in rejected, v."
    )


def test_rejecting_what_is_not_on_the_hub() -> None:
    with pytest.raises(NotInPipelineError, match="it is not on the hub: upload it first"):
        rejection_sources("ns.tools", [])


def test_search_row_is_read_with_its_pipeline_label() -> None:
    row = {
        "repository": {
            "name": "staging",
            "pulp_href": "/r/1/",
            "pulp_labels": {"pipeline": "staging"},
        },
        "collection_version": {
            "pulp_href": "/cv/1/",
            "namespace": "ns",
            "name": "tools",
            "version": "1.0.0",
            "dependencies": {"ns.base": ">=1"},
        },
        "is_signed": True,
    }
    placement = Placement.from_row(row)
    assert (placement.pipeline, placement.label, placement.is_signed) == (
        "staging",
        "ns.tools 1.0.0",
        True,
    )
    assert placement.dependencies == {"ns.base": ">=1"}


def test_version_number_from_latest_version_href() -> None:
    assert version_number("/api/galaxy/pulp/api/v3/repositories/ansible/ansible/x/versions/7/") == 7
    assert version_number(None) is None
