"""``hubtask``: the command line's entry point.

It only picks the area: ``hubtask galaxykit ...`` is called once per Cypress step
(a process each time), so it must not pay for the local-hub manager it never uses
(~0.1 s of imports); every other area goes to :mod:`HubTaskLibrary.localhub.cli`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["galaxykit"]:
        from .galaxykit.cli import main as galaxykit_main

        return galaxykit_main(words[1:])
    from .localhub.cli import main as hub_main

    return hub_main(words)


if __name__ == "__main__":
    sys.exit(main())
