"""Every keyword is documented with an example; the library and init docs exist."""

from __future__ import annotations

import pytest
from robot.libdoc import LibraryDocumentation


@pytest.fixture(scope="module")
def libdoc():
    return LibraryDocumentation("HubTaskLibrary")


def has_example_row(doc: str) -> bool:
    return any(line.strip().startswith("|") for line in doc.splitlines())


def test_library_has_keywords(libdoc):
    assert len(libdoc.keywords) >= 20


def test_every_keyword_has_doc_and_example(libdoc):
    missing_doc = [kw.name for kw in libdoc.keywords if not kw.doc.strip()]
    missing_example = [kw.name for kw in libdoc.keywords if not has_example_row(kw.doc)]
    assert not missing_doc, f"keywords without documentation: {missing_doc}"
    assert not missing_example, f"keywords without an example table row: {missing_example}"


def test_every_keyword_has_a_short_doc_line(libdoc):
    for kw in libdoc.keywords:
        assert kw.short_doc.strip(), kw.name
        assert not kw.short_doc.lstrip().startswith("|"), kw.name


def test_library_intro_and_init_docs(libdoc):
    assert libdoc.doc.strip()
    assert "= Connecting =" in libdoc.doc
    assert libdoc.inits, "the library has an __init__ documentation"
    assert all(init.doc.strip() for init in libdoc.inits)
    assert has_example_row(libdoc.inits[0].doc)
    assert libdoc.version
    assert libdoc.scope == "GLOBAL"


def test_keyword_names_are_title_case(libdoc):
    for kw in libdoc.keywords:
        words = kw.name.split()
        assert all(w[0].isupper() for w in words), kw.name


def test_task_keywords_present(libdoc):
    names = {kw.name for kw in libdoc.keywords}
    for name in (
        "Wait For Task",
        "Wait For Tasks",
        "Wait For All Tasks",
        "Cancel Task",
        "Get Task",
        "Get Task State",
        "Get Task UI Link",
        "Upload Collection",
        "Approve Collection",
        "Create Namespace",
    ):
        assert name in names


def test_docs_describe_the_polling_schedule_the_code_uses():
    """The intro and Wait For Task say what PollSchedule does (one source: its describe())."""
    import re

    from HubTaskLibrary.client.polling import PollSchedule
    from HubTaskLibrary.keywords.tasks import TaskKeywords
    from HubTaskLibrary.library import HubTaskLibrary as Library

    def flat(text: str | None) -> str:
        return " ".join((text or "").split())

    said = PollSchedule().describe()
    assert said in flat(Library.__doc__)
    assert said in flat(TaskKeywords.wait_for_task.__doc__)
    # and nothing else in them names a polling interval the schedule does not have
    for doc in (Library.__doc__, TaskKeywords.wait_for_task.__doc__):
        assert not re.search(r"\b0\.1 s\b", flat(doc))


def test_argument_types_are_listed_in_libdoc(libdoc):
    """Issue 10 item 3: one type for every task argument, enums with their values."""
    by_type: dict[str, set[str]] = {}
    for kw in libdoc.keywords:
        for arg in kw.args:
            if arg.name in ("task", "tasks"):
                assert str(arg.type) == "TaskReference", (kw.name, arg.name, str(arg.type))
            by_type.setdefault(arg.name, set()).add(f"{kw.name}: {arg.type}")
    members = {t.name: [m.name for m in t.members or []] for t in libdoc.type_docs}
    assert members["FinalState"] == ["completed", "failed", "canceled", "skipped"]
    assert members["Scope"] == ["Global", "Suite", "Test"]
    assert members["PageLocation"] == ["DETAIL", "LIST"]
    assert "WAITING" in members["TaskState"] and "CANCELING" in members["TaskState"]
    assert "TaskStatus" in members  # states or UI labels (its doc lists them)
    assert "Wait For Task: FinalState" in by_type["expected"]
    assert "Wait For UI Tasks: FinalState" in by_type["expected"]
    assert "Wait Until Task Status In UI Is: TaskStatus" in by_type["expected"]
    assert "Task Status In UI Should Be: TaskStatus" in by_type["expected"]
    assert "Set Task Timeout: Scope" in by_type["scope"]
    assert "Wait For All Tasks: Literal['hub', 'mine']" in by_type["scope"]
    assert "Stop Task In UI: PageLocation" in by_type["location"]
    assert "Open Task List: TaskStatus | None" in by_type["state"]


def test_readme_states_the_polling_schedule_the_code_uses():
    """README's one sentence on the schedule, held to PollSchedule's figures."""
    from pathlib import Path

    from HubTaskLibrary.client.polling import PollSchedule

    s = PollSchedule()
    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text().split())
    said = (
        f"looks come at once, after {s.second:g} s, then every "
        f"{min(s.cap, s.second * s.factor):g} to {s.cap:g} s within the rate rule"
    )
    assert said in readme
