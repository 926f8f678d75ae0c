"""argparse for ``hubtask galaxykit``: galaxykit's options, plus ``--timeout``."""

from __future__ import annotations

import argparse
import os
from typing import Any

from .table import COMMANDS, GALAXYKIT_DEFAULT_SERVER

VERSION = "0.14.0 (hubtask drop-in)"


class ParseError(Exception):
    """Bad command line; argparse's message, one line."""


class _Parser(argparse.ArgumentParser):
    # argparse prints usage and exits 2 by itself; galaxykit users get the same
    # exit code, but one line that Cypress does not cut.
    def error(self, message: str) -> Any:
        raise ParseError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="hubtask galaxykit",
        description="galaxykit's command line on HubTaskLibrary: every command that "
        "starts tasks waits for them, and a failed task exits non-zero.",
    )
    parser.add_argument("-i", "--ignore", action="store_true", default=False)
    # galaxykit's admin/admin, unless HUB_USERNAME / HUB_PASSWORD say otherwise
    # (as `hubtask hub env` sets them): a password on a command line shows in
    # `ps` and in Cypress's and Robot's logs.
    parser.add_argument(
        "-u", "--username", default=os.environ.get("HUB_USERNAME") or "admin", dest="auth_username"
    )
    parser.add_argument(
        "-p", "--password", default=os.environ.get("HUB_PASSWORD") or "admin", dest="auth_password"
    )
    parser.add_argument("-t", "--token")
    parser.add_argument("-a", "--auth-url", help="accepted for galaxykit compatibility; unused")
    parser.add_argument(
        "-c", "--ignore-certs", action="store_true", default=False, help="ignore TLS errors"
    )
    parser.add_argument("-s", "--server", default=GALAXYKIT_DEFAULT_SERVER)
    parser.add_argument("--debug", action="store_true", default=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {VERSION}")
    parser.add_argument(
        "--timeout",
        help="how long a command waits for its tasks, e.g. 90, 90s, 2m "
        "(default: $HUBTASK_TIMEOUT, else 5 minutes)",
    )
    kinds = parser.add_subparsers(dest="kind", required=True, parser_class=_Parser)
    for kind, ops in COMMANDS.items():
        _add_level(kinds.add_parser(kind), ops, "operation")
    return parser


def _add_level(parser: argparse.ArgumentParser, level: dict[str, Any], dest: str) -> None:
    subs = parser.add_subparsers(dest=dest, required=True, parser_class=_Parser)
    for word, below in level.items():
        sub = subs.add_parser(word)
        if isinstance(below, dict):
            _add_level(sub, below, "subop")
            continue
        for names, options in below:
            # "--permissions|-p": one option with an alias, as galaxykit has it.
            sub.add_argument(*names.split("|"), **options)


def parse(argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(argv)
