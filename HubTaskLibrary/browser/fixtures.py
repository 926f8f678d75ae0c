"""API fixtures the UI suites need: a remote whose upstream never answers."""

from __future__ import annotations

from datetime import timedelta

from robot.api import logger
from robotlibcore import keyword

from ..keywords.base import KeywordGroup


class UIFixtureKeywords(KeywordGroup):
    @keyword(tags=["repository"])
    def create_stalling_remote(self, name: str, timeout: timedelta | None = None) -> dict:
        """Creates a remote that points at a loopback upstream that never answers.

        A repository syncing from it keeps its sync task ``running`` until it
        is canceled: a real long task to start from the UI. The upstream lives
        in this Robot process, so the hub must reach this machine's loopback.

        | Create Stalling Remote | ${name} |
        | Create Repository | ${name} | remote=${name} |
        | ${task} = | Sync Repository In UI | ${name} |
        """
        url = self.ctx.stall_server.url
        with self.ctx.operation(timeout):
            remote = self.client.repositories.create_remote(
                name, url, None, total_timeout=3600.0, sock_read_timeout=3600.0
            )
        self.ctx.remember("remote", name)
        logger.info(f"Created remote '{name}' pointing at the stalling upstream {url}.")
        return remote
