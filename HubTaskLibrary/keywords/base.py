"""Base of the keyword classes: each one receives the shared context."""

from __future__ import annotations

from .context import LibraryContext


class KeywordGroup:
    def __init__(self, ctx: LibraryContext):
        self.ctx = ctx

    @property
    def client(self):
        return self.ctx.client
