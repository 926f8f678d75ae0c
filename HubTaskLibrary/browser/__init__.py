"""Keywords for the hub's web UI, on top of the Robot Framework Browser library.

Everything here imports ``Browser`` lazily, so the main library works without
the ``ui`` extra; a UI keyword used without it fails with the install hint.
"""

from .containers import ContainerUIKeywords
from .keywords import BrowserKeywords

__all__ = ["BrowserKeywords", "ContainerUIKeywords"]
