"""Keywords for the hub's web UI, on top of the Robot Framework Browser library.

Everything here imports ``Browser`` lazily, so the main library works without
the ``ui`` extra; a UI keyword used without it fails with the install hint.

One class per area, as the Browser library splits its keywords: browser
lifecycle, login, alerts, task pages (getters and checks), actions, and the
API fixture the UI suites need. They share one :class:`UIState`.
"""

from __future__ import annotations

from ..keywords.base import KeywordGroup
from ..keywords.context import LibraryContext
from .actions import ActionKeywords
from .alerts import AlertKeywords
from .base import UIState
from .fixtures import UIFixtureKeywords
from .lifecycle import LifecycleKeywords
from .login import LoginKeywords
from .task_pages import TaskPageKeywords


def browser_keyword_groups(ctx: LibraryContext) -> list[KeywordGroup]:
    """The UI keyword classes of one library instance, sharing one browser state."""
    ui = UIState()
    return [
        LifecycleKeywords(ctx, ui),
        LoginKeywords(ctx, ui),
        AlertKeywords(ctx, ui),
        TaskPageKeywords(ctx, ui),
        ActionKeywords(ctx, ui),
        UIFixtureKeywords(ctx),
    ]


__all__ = [
    "ActionKeywords",
    "AlertKeywords",
    "LifecycleKeywords",
    "LoginKeywords",
    "TaskPageKeywords",
    "UIFixtureKeywords",
    "UIState",
    "browser_keyword_groups",
]
