"""HubTaskLibrary: Robot Framework keywords for Ansible Automation Hub and its tasks."""

from .library import HubTaskLibrary
from .version import __version__

__all__ = ["HubTaskLibrary", "__version__"]
