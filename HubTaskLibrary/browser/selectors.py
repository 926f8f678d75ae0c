"""The one selector map of the UI keywords, for PatternFly 4 and PatternFly 5.

Hub 4.9 renders PatternFly 4 (``pf-c-alert``); hub 4.10 and later render
PatternFly 5, whose component classes carry a version (``pf-v5-c-alert``) while
modifiers stay ``pf-m-*``. Each selector is written once with ``{c}`` for the
component prefix and expands to a CSS selector list that matches both. The
selectors are plain CSS (``:has()`` included), so the same strings work in
Playwright and in ``document.querySelectorAll``; text matching is done by the
callers.
"""

from __future__ import annotations

from dataclasses import dataclass

# Component class prefixes: PatternFly 4, PatternFly 5.
PF_PREFIXES = ("pf-c-", "pf-v5-c-")


def pf(template: str) -> str:
    """Expand ``{c}`` in ``template`` to each PatternFly prefix, as one CSS selector list."""
    variants: list[str] = []
    for prefix in PF_PREFIXES:
        for part in template.split(","):
            variant = part.strip().replace("{c}", prefix)
            if variant not in variants:
                variants.append(variant)
    return ", ".join(variants)


@dataclass(frozen=True)
class Selectors:
    """CSS selectors of the hub UI parts the keywords use."""

    # Login form (same ids in PF4 and PF5).
    login_username: str = "#pf-login-username-id"
    login_password: str = "#pf-login-password-id"
    login_submit: str = "form button[type=submit]"
    login_error: str = pf(".{c}form__helper-text, .{c}helper-text__item.pf-m-error")
    # Alerts: the hub's alert list, one alert, its parts.
    alert: str = pf("[data-cy=AlertList] > .{c}alert")
    alert_title: str = pf(".{c}alert__title")
    alert_description: str = pf(".{c}alert__description")
    alert_close: str = pf(".{c}alert__action button")
    screen_reader: str = "[class*=screen-reader]"
    # Any PatternFly label's text, and the status label of the task detail page.
    label_content: str = pf(".{c}label__content")
    detail_status: str = "h1 .hub-c-task-status"
    detail_title: str = "h1"
    # Task list.
    task_table: str = 'table[aria-label="Task list"]'
    task_rows: str = 'table[aria-label="Task list"] tbody tr'
    empty_state: str = pf(".{c}empty-state")
    # Task detail cards ("Task detail", "Error message", ...).
    card: str = ".card-area"
    code_block: str = pf(".{c}code-block__content")
    # Modals (stop task, sync repository).
    modal: str = pf(".{c}modal-box")
    sync_confirm: str = "[data-cy=sync-button] button"

    def task_row(self, uuid: str) -> str:
        """The task list row whose name links to task ``uuid``."""
        return f'{self.task_rows}:has(a[href$="/task/{uuid}/"])'

    def task_link(self, uuid: str) -> str:
        """Any link to the detail page of task ``uuid``."""
        return f'a[href$="/task/{uuid}/"]'

    def alert_task_link(self, uuid: str) -> str:
        """The "detail page" link of task ``uuid`` inside an alert."""
        return f'[data-cy=AlertList] a[href$="/task/{uuid}/"]'


SELECTORS = Selectors()


def button(text: str, within: str | None = None) -> str:
    """A Playwright selector for the button whose whole text is ``text``."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    own = f'button:text-is("{quoted}")'
    return f"{within} >> {own}" if within else own
