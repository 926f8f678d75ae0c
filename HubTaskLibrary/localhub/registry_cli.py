"""`hubtask registry up|down|status|env|push`: the loopback container registry."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .manager import stderr_say
from .registry import LoopbackRegistry


def add_registry_parser(top: Any, state_dir_env: str) -> None:
    registry = top.add_parser(
        "registry", help="a loopback container registry (docker-registry) to sync EEs from"
    )
    commands = registry.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(
            name, help=help_text, description=help_text
        )
        sub.add_argument(
            "--state-dir",
            help=f"the hub's state folder; the registry lives in its registry/ "
            f"(default: ${state_dir_env} or $XDG_STATE_HOME/hubtasklibrary/hub)",
        )
        return sub

    up = add("up", "install (Debian packages), start on 127.0.0.1 and seed; idempotent")
    up.add_argument("--port", type=int, help="port on 127.0.0.1 (default: kept, or 25000)")
    up.add_argument("--no-seed", action="store_true", help="do not push the seed images")
    up.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    add("down", "stop the registry (by its PID)")
    status = add("status", "whether it runs, its URL and repositories")
    status.add_argument("--json", action="store_true")
    add("env", 'print the export line: eval "$(hubtask registry env)" (HUB_TEST_REGISTRY)')
    push = add("push", "build a small test image NAME:TAG (no network) and push it")
    push.add_argument("name")
    push.add_argument("tag")


def _print(info: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(info, indent=2, sort_keys=True))
        return
    print(f"URL:          {info['url'] or '-'}")
    print(f"PID:          {info['pid'] or '-'}")
    print(f"Repositories: {', '.join(info['repositories']) or '-'}")
    print(f"State dir:    {info['state_dir']}   (log: {info['log']})")
    print("running" if info["running"] else "not running")


def run_registry(args: argparse.Namespace) -> int:
    registry = LoopbackRegistry(args.state_dir, say=stderr_say)
    if args.command == "up":
        _print(registry.up(port=args.port, seed=not args.no_seed), args.json)
    elif args.command == "down":
        stopped = registry.down()
        stderr_say("registry stopped" if stopped else "registry was not running")
    elif args.command == "status":
        info = registry.info()
        _print(info, args.json)
        return 0 if info["running"] else 3
    elif args.command == "env":
        print("\n".join(registry.env_lines()))
    elif args.command == "push":
        print(registry.push(args.name, args.tag))
    return 0
