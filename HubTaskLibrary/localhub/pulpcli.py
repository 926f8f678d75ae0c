"""`hubtask pulp up|down|status|env|logs`: the local plain-Pulp server."""

from __future__ import annotations

import argparse
import json
import sys
from collections import deque
from typing import Any

from .errors import HubError
from .manager import stderr_say
from .pulpserver import PULP_STATE_DIR_ENV, PULPCORE_ENV, LocalPulp, print_pulp_info


def add_pulp_commands(top: Any) -> None:
    """The `pulp` area of the `hubtask` parser (``top`` is its subparsers object)."""
    pulp = top.add_parser(
        "pulp", help="a local plain pulpcore server (newest on PyPI) on 127.0.0.1 for tests"
    )
    commands = pulp.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(
            name, help=help_text, description=help_text
        )
        sub.add_argument(
            "--state-dir",
            help=f"folder holding the server (default: ${PULP_STATE_DIR_ENV}, else "
            "'pulpcore' in the hub's state folder)",
        )
        return sub

    up = add("up", f"install (first time; ${PULPCORE_ENV} pins a version), start; idempotent")
    up.add_argument("--port", type=int, help="API port on 127.0.0.1; remotes and PostgreSQL next")
    up.add_argument("--workers", type=int, help="number of pulpcore workers (default 2)")
    up.add_argument("--password", help="admin password (default: kept, or 'admin')")
    up.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    add("down", "stop every process of the server (API, workers, remotes, PostgreSQL)")
    status = add("status", "what runs and whether the API answers")
    status.add_argument("--json", action="store_true")
    add("env", 'print export lines: eval "$(hubtask pulp env)"')
    logs = add("logs", "show the end of a log (api, worker-1, file-remote, migrate ...)")
    logs.add_argument("service", nargs="?", default="api")
    logs.add_argument("--lines", "-n", type=int, default=50)


def run_pulp(args: argparse.Namespace) -> int:
    pulp = LocalPulp(args.state_dir, say=stderr_say)
    if args.command == "up":
        print_pulp_info(
            pulp.up(port=args.port, workers=args.workers, password=args.password), args.json
        )
    elif args.command == "down":
        pulp.down()
        stderr_say(f"Pulp in {pulp.paths.root} stopped")
    elif args.command == "status":
        status = pulp.status()
        if args.json:
            print(json.dumps(status, indent=2, sort_keys=True))
        else:
            for name, pid in status.get("processes", {}).items():
                print(f"{name:12} {'running, pid ' + str(pid) if pid else 'stopped'}")
            if status.get("url"):
                print(f"API {status['api_url']}: {status['api_status'] or 'no answer'}")
            print("running" if status["running"] else "not running")
        return 0 if status["running"] else 3
    elif args.command == "env":
        print("\n".join(pulp.env_lines()))
    elif args.command == "logs":
        path = pulp.log_path(args.service)
        if not path.exists():
            raise HubError("logs", f"no log named {args.service!r} in {pulp.paths.logs}")
        with open(path, errors="replace") as log:
            sys.stdout.writelines(deque(log, maxlen=max(args.lines, 1)))
    return 0
