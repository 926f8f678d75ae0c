"""Deletion order of collections (dependants first) and what blocks a cascade."""

from __future__ import annotations

import pytest

from HubTaskLibrary.client.dependencies import (
    CollectionNode,
    DependencyCycleError,
    deletion_order,
    nodes_from_versions,
    outside_dependants,
)


def node(fqcn: str, *deps: str) -> CollectionNode:
    return CollectionNode(fqcn, frozenset(deps))


def test_dependants_come_before_what_they_depend_on() -> None:
    order = deletion_order([node("ns.base"), node("ns.app", "ns.base"), node("ns.other")])
    assert order.index("ns.app") < order.index("ns.base")
    assert sorted(order) == ["ns.app", "ns.base", "ns.other"]


def test_chain_is_reversed_and_ties_keep_the_given_order() -> None:
    nodes = [node("ns.a"), node("ns.b", "ns.a"), node("ns.c", "ns.b"), node("ns.x"), node("ns.y")]
    assert deletion_order(nodes) == ["ns.c", "ns.x", "ns.y", "ns.b", "ns.a"]


def test_dependencies_outside_the_set_do_not_constrain() -> None:
    assert deletion_order([node("ns.a", "other.lib"), node("ns.b")]) == ["ns.a", "ns.b"]


def test_cycle_names_its_members() -> None:
    with pytest.raises(DependencyCycleError) as info:
        deletion_order([node("ns.a", "ns.b"), node("ns.b", "ns.a"), node("ns.c")])
    assert info.value.members == ["ns.a", "ns.b"]
    assert "circle: ns.a, ns.b" in str(info.value)


def test_versions_of_one_collection_merge_and_self_dependency_is_dropped() -> None:
    nodes = nodes_from_versions(
        [
            {"namespace": "ns", "name": "app", "dependencies": {"ns.base": ">=1"}},
            {"namespace": "ns", "name": "app", "dependencies": {"ns.util": "*", "ns.app": "*"}},
            {"namespace": "ns", "name": "base", "dependencies": None},
        ]
    )
    assert nodes == [
        CollectionNode("ns.app", frozenset({"ns.base", "ns.util"})),
        CollectionNode("ns.base", frozenset()),
    ]


def test_outside_dependants_are_the_blockers() -> None:
    nodes = [node("ns.app", "ns.base"), node("other.user", "ns.base"), node("third.x", "ns.app")]
    assert outside_dependants(["ns.base", "ns.app"], nodes) == {
        "ns.base": ["other.user"],
        "ns.app": ["third.x"],
    }
    assert outside_dependants(["ns.base", "ns.app", "other.user", "third.x"], nodes) == {}
