"""Opening and closing the browser on the hub UI."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from robot.api import logger
from robotlibcore import keyword

from .base import UIKeywordGroup
from .clock import Clock
from .launcher import (
    CHROMIUM_ARGS,
    browser_class,
    chromium_executable,
    private_browser,
    suite_browser,
)


class LifecycleKeywords(UIKeywordGroup):
    @keyword("Open Hub UI", tags=["ui"])
    def open_hub_ui(
        self,
        headless: bool = True,
        executable_path: str | None = None,
        path: str = "",
        timeout: timedelta | None = None,
    ) -> str:
        """Opens Chromium with a new context and page at the hub's UI; returns the browser id.

        Uses the suite's ``Browser`` library instance when the suite imports
        Browser (its settings and run-on-failure stay in force), else a private
        one. ``executable_path`` defaults to the ``HUBTASK_CHROMIUM``
        environment variable, then ``/usr/bin/chromium`` when present, then
        Playwright's own browser. Chromium runs with ``--no-sandbox`` and
        without background networking. ``path`` is a UI path such as ``tasks/``.

        | Open Hub UI |
        | Open Hub UI | headless=False | executable_path=/opt/chrome/chrome |
        """
        clock = Clock(self.ctx.timeout(timeout))
        browser_class()
        from Browser.utils.data_types import SupportedBrowsers

        instance = suite_browser()
        if instance is None:
            if self.ui.own is None:
                self.ui.own = private_browser()
            instance = self.ui.own
        self.ui.browser = instance
        with self._failing("Open Hub UI", clock):
            self.ui.browser_id = instance.new_browser(
                SupportedBrowsers.chromium,
                headless=bool(headless),
                executablePath=chromium_executable(executable_path),
                args=list(CHROMIUM_ARGS),
                reuse_existing=False,
                timeout=clock.td(),
            )
            instance.new_context(viewport={"width": 1400, "height": 900})
            instance.new_page(self._ui_url(path))
        logger.info(f"Hub UI open at {self._ui_url(path)} ({clock.elapsed:.1f} s).")
        return str(self.ui.browser_id)

    @keyword("Close Hub UI", tags=["ui"])
    def close_hub_ui(self) -> None:
        """Closes the browser that `Open Hub UI` opened (and nothing else).

        | Close Hub UI |
        """
        if self.ui.browser is None or self.ui.browser_id is None:
            return
        with contextlib.suppress(Exception):
            self.ui.browser.close_browser(self.ui.browser_id)
        self.ui.browser_id = None
        self.ui.browser = None
