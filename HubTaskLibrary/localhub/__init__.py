"""Run a galaxy_ng hub locally, on loopback, without containers.

Standard library only and no Robot Framework imports: this runs before anything
else of the library is installed (``hubtask hub up``).
"""

from .errors import HubError, HubStepError
from .manager import LocalHub
from .state import default_state_dir, normalise_prefix

__all__ = ["HubError", "HubStepError", "LocalHub", "default_state_dir", "normalise_prefix"]
