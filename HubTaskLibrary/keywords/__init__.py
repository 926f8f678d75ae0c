"""Keyword classes, one per area, all sharing one :class:`LibraryContext`."""

from .approval import ApprovalKeywords
from .cleanup import CleanupKeywords
from .collections import CollectionKeywords
from .console import ConsoleKeywords
from .containers import ContainerKeywords
from .context import LibraryContext, Settings
from .files import FileKeywords
from .hub_cleanup import HubCleanupKeywords
from .localhub import LocalHubKeywords
from .namespaces import NamespaceKeywords
from .repositories import RepositoryKeywords
from .tasks import TaskKeywords
from .users import UserKeywords

__all__ = [
    "ApprovalKeywords",
    "CleanupKeywords",
    "CollectionKeywords",
    "ConsoleKeywords",
    "ContainerKeywords",
    "FileKeywords",
    "HubCleanupKeywords",
    "LibraryContext",
    "LocalHubKeywords",
    "NamespaceKeywords",
    "RepositoryKeywords",
    "Settings",
    "TaskKeywords",
    "UserKeywords",
]
