"""Keywords for the hub's web UI, on top of the Robot Framework Browser library.

Everything here imports ``Browser`` lazily, so the main library works without
the ``ui`` extra; a UI keyword used without it fails with the install hint.

One class per area, as the Browser library splits its keywords: browser
lifecycle, login, alerts, task pages (getters and checks), actions, the
UI's own tasks, and the API fixture the UI suites need. They share one :class:`UIState`.
"""

from __future__ import annotations

from ..keywords.base import KeywordGroup
from ..keywords.context import LibraryContext
from .actions import ActionKeywords
from .alerts import AlertKeywords
from .base import UIState
from .containers import ContainerUIKeywords
from .fixtures import UIFixtureKeywords
from .lifecycle import LifecycleKeywords
from .listener import BrowserKeywordListener
from .login import LoginKeywords
from .task_pages import TaskPageKeywords
from .tracking import PageTracker
from .ui_tasks import UITaskKeywords


def browser_components(
    ctx: LibraryContext, ui_auto_wait: bool = False
) -> tuple[list[KeywordGroup], BrowserKeywordListener]:
    """The UI keyword classes of one library instance, sharing one browser
    state, and the listener that follows each Browser keyword."""
    ui = UIState(PageTracker(ctx))
    ui_tasks = UITaskKeywords(ctx, ui)
    groups: list[KeywordGroup] = [
        LifecycleKeywords(ctx, ui),
        LoginKeywords(ctx, ui),
        AlertKeywords(ctx, ui),
        TaskPageKeywords(ctx, ui),
        ActionKeywords(ctx, ui),
        ui_tasks,
        UIFixtureKeywords(ctx),
        ContainerUIKeywords(ctx, ui),
    ]
    return groups, BrowserKeywordListener(ui_tasks, ui_auto_wait)


__all__ = [
    "ActionKeywords",
    "AlertKeywords",
    "ContainerUIKeywords",
    "LifecycleKeywords",
    "LoginKeywords",
    "TaskPageKeywords",
    "UIFixtureKeywords",
    "UIState",
    "UITaskKeywords",
    "browser_components",
]
