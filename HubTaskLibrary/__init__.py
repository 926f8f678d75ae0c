"""HubTaskLibrary: Robot Framework keywords for Ansible Automation Hub and its tasks.

The library class is imported lazily: the ``hubtask`` command (the local hub
manager) lives in this package too and must start without Robot Framework.
"""

from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:
    from .library import HubTaskLibrary

__all__ = ["HubTaskLibrary", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "HubTaskLibrary":
        from .library import HubTaskLibrary

        return HubTaskLibrary
    raise AttributeError(f"module 'HubTaskLibrary' has no attribute {name!r}")
