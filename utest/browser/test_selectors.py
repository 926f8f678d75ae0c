"""The one selector map matches the same parts in PatternFly 4 and 5 pages."""

from __future__ import annotations

from dataclasses import fields

import pytest

from HubTaskLibrary.browser.selectors import PF_PREFIXES, SELECTORS, button, pf

from .cssmatch import parse, select
from .fragments import OTHER, UUID, page

# selector name -> (tag of the matched element, count) in each fragment page
EXPECTED = {
    "login_username": ("input", 1),
    "login_password": ("input", 1),
    "login_submit": ("button", 1),
    "login_error": (None, 2),
    "alert": ("div", 1),
    "alert_title": ("h4", 1),
    "alert_description": ("div", 1),
    "alert_close": ("button", 1),
    "screen_reader": ("span", 1),
    "label_content": ("span", 3),
    "detail_status": ("span", 1),
    "detail_title": ("h1", 1),
    "task_table": ("table", 1),
    "task_rows": ("tr", 2),
    "empty_state": ("div", 1),
    "card": ("section", 1),
    "code_block": ("div", 1),
    "modal": ("div", 1),
    "sync_confirm": ("button", 1),
}


def test_every_selector_is_covered():
    assert {f.name for f in fields(SELECTORS)} == set(EXPECTED)


@pytest.mark.parametrize("version", [4, 5])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_selector_matches_both_patternfly_versions(version, name):
    tag, count = EXPECTED[name]
    found = select(parse(page(version)), getattr(SELECTORS, name))
    assert len(found) == count, f"{name} on PF{version}: {len(found)} matches"
    if tag:
        assert {n.tag for n in found} == {tag}


@pytest.mark.parametrize("version", [4, 5])
def test_version_specific_selectors_do_not_cross_match(version):
    # The PF4 half of a selector finds nothing on a PF5 page and vice versa:
    # the map really needs both halves.
    root = parse(page(version))
    other_prefix = PF_PREFIXES[1] if version == 4 else PF_PREFIXES[0]
    assert select(root, f".{other_prefix}alert") == []
    assert select(root, SELECTORS.alert)


@pytest.mark.parametrize("version", [4, 5])
def test_task_row_and_links_pick_the_right_task(version):
    root = parse(page(version))
    rows = select(root, SELECTORS.task_row(UUID))
    assert len(rows) == 1
    assert select(root, SELECTORS.task_row(OTHER)) != rows
    assert len(select(root, SELECTORS.alert_task_link(UUID))) == 1
    assert select(root, SELECTORS.alert_task_link(OTHER)) == []
    # The alert link and the list link both point at the task.
    assert len(select(root, SELECTORS.task_link(UUID))) == 2


def test_pf_expands_each_part_of_a_list_for_both_prefixes():
    assert pf(".{c}alert") == ".pf-c-alert, .pf-v5-c-alert"
    assert pf(".{c}a, .{c}b") == ".pf-c-a, .pf-c-b, .pf-v5-c-a, .pf-v5-c-b"
    assert pf("h1") == "h1"  # nothing to expand: no duplicates


def test_button_selector_is_scoped_and_quoted():
    assert button("Stop task") == 'button:text-is("Stop task")'
    assert button("Yes, stop", ".m") == '.m >> button:text-is("Yes, stop")'
    assert button('Say "hi"') == 'button:text-is("Say \\"hi\\"")'
