"""The local hub manager's errors: part of the package's one hierarchy.

``HubStepError`` (a :class:`HubTaskLibrary.errors.HubError`) names the step
that failed; the CLI prints it as one line, without a traceback.
"""

from __future__ import annotations

from ..errors import HubError, HubStepError

__all__ = ["HubError", "HubStepError"]
