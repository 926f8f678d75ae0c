"""Keywords that check what the running test logged (test-only).

A library listener collects every message logged since `Start Log Watch`
(at the current log level and above), so a test can assert on its own log:
retry summaries, or that no traceback was logged.
"""

from __future__ import annotations

import re

from robot.api import logger
from robot.api.deco import keyword


class LogWatch:
    ROBOT_LIBRARY_SCOPE = "GLOBAL"
    ROBOT_LISTENER_API_VERSION = 3

    def __init__(self) -> None:
        self.ROBOT_LIBRARY_LISTENER = self
        self.messages: list[tuple[str, str]] = []
        self.retries_total = 0

    def log_message(self, message) -> None:  # listener method
        self.messages.append((message.level, message.message))
        for match in re.finditer(r"Transient failures retried: (\d+) retr", message.message):
            self.retries_total += int(match.group(1))

    def start_test(self, data, result) -> None:  # listener method
        self.messages = []

    @keyword
    def start_log_watch(self) -> None:
        """Forgets the messages collected so far."""
        self.messages = []

    @keyword
    def get_logged_messages(self, pattern: str = ".*") -> list:
        """Messages logged since the watch started that match regular expression ``pattern``."""
        regex = re.compile(pattern, re.S)
        return [text for _, text in self.messages if regex.search(text)]

    @keyword
    def log_should_contain(self, pattern: str) -> list:
        """Fails unless a message logged since the watch started matches ``pattern``."""
        found = self.get_logged_messages(pattern)
        if not found:
            raise AssertionError(f"No logged message matches '{pattern}'.")
        return found

    @keyword
    def log_should_have_no_traceback(self) -> None:
        """Fails if a message at INFO or above logged since the watch started holds a traceback."""
        bad = [
            text
            for level, text in self.messages
            if level in ("INFO", "WARN", "ERROR", "FAIL") and "Traceback (most recent" in text
        ]
        if bad:
            raise AssertionError(f"A traceback was logged: {bad[0][:300]}")

    @keyword
    def get_total_logged_retries(self) -> int:
        """Retries reported by ``Transient failures retried`` lines since the library was imported."""
        return self.retries_total

    @keyword
    def sum_logged_retries(self) -> int:
        """Total of the ``Transient failures retried: N retries`` lines logged since the start."""
        total = 0
        for _, text in self.messages:
            for match in re.finditer(r"Transient failures retried: (\d+) retr", text):
                total += int(match.group(1))
        logger.info(f"{total} retries logged.")
        return total
