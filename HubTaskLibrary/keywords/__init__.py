"""Keyword classes, one per area, all sharing one :class:`LibraryContext`."""

from .cleanup import CleanupKeywords
from .collections import CollectionKeywords
from .console import ConsoleKeywords
from .context import LibraryContext, Settings
from .files import FileKeywords
from .namespaces import NamespaceKeywords
from .repositories import RepositoryKeywords
from .tasks import TaskKeywords

__all__ = [
    "CleanupKeywords",
    "CollectionKeywords",
    "ConsoleKeywords",
    "FileKeywords",
    "LibraryContext",
    "NamespaceKeywords",
    "RepositoryKeywords",
    "Settings",
    "TaskKeywords",
]
