"""`hubtask` console command: `hubtask hub up|down|status|logs|env|reset|restart|kill`,
`hubtask registry ...`, `hubtask pulp ...`, `hubtask galaxykit ...`, `hubtask report`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import deque
from collections.abc import Sequence
from typing import Any

from . import control
from .errors import HubError, HubStepError
from .importer import parse_switch
from .manager import LocalHub, stderr_say
from .pulpcli import add_pulp_commands, run_pulp
from .registry_cli import add_registry_parser, run_registry
from .state import STATE_DIR_ENV


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hubtask", description="Tools of HubTaskLibrary (Robot Framework keywords for Hub)."
    )
    top = parser.add_subparsers(dest="area", required=True)
    top.add_parser(
        "galaxykit",
        help="galaxykit's CLI (same arguments) with the library's waits: "
        "hubtask galaxykit [-s SERVER] [-u USER] [-p PASSWORD] KIND OP ARGS...",
        add_help=False,
    )
    hub = top.add_parser("hub", help="a local galaxy_ng hub on 127.0.0.1 for tests")
    commands = hub.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--state-dir",
            help=f"folder holding the hub (default: ${STATE_DIR_ENV} or "
            "$XDG_STATE_HOME/hubtasklibrary/hub)",
        )
        return sub

    up = add("up", "install (first time), configure and start the hub; idempotent")
    up.add_argument("--prefix", help="API prefix: /api/galaxy/ (default) or /api/automation-hub/")
    up.add_argument("--port", type=int, help="API port on 127.0.0.1 (default: kept, or 24817)")
    up.add_argument("--workers", type=int, help="number of pulpcore workers (default 2)")
    up.add_argument("--password", help="admin password (default: kept, or 'admin')")
    up.add_argument("--json", action="store_true", help="print one JSON object on stdout")

    add("down", "stop every process of the hub (API, content, workers, PostgreSQL)")

    status = add("status", "what runs and whether the API answers")
    status.add_argument("--json", action="store_true")

    logs = add("logs", "show the end of a log (api, content, worker-1, postgres, migrate ...)")
    logs.add_argument("service", nargs="?", default="api")
    logs.add_argument("--lines", "-n", type=int, default=50)

    add("env", 'print export lines: eval "$(hubtask hub env)"')

    importer = add(
        "importer",
        "galaxy-importer settings of uploads: show them, or turn ansible-lint on/off "
        "(from the next import on, no restart)",
    )
    importer.add_argument("--lint", metavar="on|off", help="run ansible-lint on imports")
    importer.add_argument("--json", action="store_true")

    reset = add("reset", "an empty hub again (fresh database from a template), in seconds")
    reset.add_argument("--json", action="store_true")

    restart = add("restart", "stop and start part of a running hub, by PID (for chaos tests)")
    restart.add_argument("service", help=" | ".join(control.SERVICES))
    restart.add_argument("--json", action="store_true")
    kill = add("kill", "SIGKILL a worker and its task process; it stays down (for tests)")
    kill.add_argument("service", help="worker-N")
    kill.add_argument("--json", action="store_true")
    add_registry_parser(top, STATE_DIR_ENV)
    add_pulp_commands(top)
    report = top.add_parser("report", help="merge the hubtask-tasks.json files below OUTPUT_DIR")
    report.add_argument("output_dir", metavar="OUTPUT_DIR", help="Robot (pabot) output folder")
    return parser


def print_info(info: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(info, indent=2, sort_keys=True))
        return
    print(f"URL:        {info['url']}")
    print(f"API prefix: {info['api_prefix']}   ({info['api_url']})")
    print(f"UI:         {info['ui_url']}")
    print(f"User:       {info['username']} / {info['password']}")
    print(f"Console:    echo 'print(1)' | {info['console_command']}")
    print(f"State dir:  {info['state_dir']}   (logs: {info['logs_dir']})")


def run(args: argparse.Namespace) -> int:
    if args.area == "registry":
        return run_registry(args)
    if args.area == "pulp":
        return run_pulp(args)
    # Progress goes to stderr so that `--json` output on stdout stays parseable.
    hub = LocalHub(args.state_dir, say=stderr_say)
    if args.command == "up":
        info = hub.up(
            prefix=args.prefix, port=args.port, workers=args.workers, password=args.password
        )
        print_info(info, args.json)
    elif args.command == "down":
        hub.down()
        stderr_say(f"hub in {hub.paths.root} stopped")
    elif args.command == "reset":
        print_info(hub.reset(), args.json)
    elif args.command == "status":
        status = hub.status()
        if args.json:
            print(json.dumps(status, indent=2, sort_keys=True))
        else:
            for name, pid in status.get("processes", {}).items():
                print(f"{name:10} {'running, pid ' + str(pid) if pid else 'stopped'}")
            if status.get("url"):
                print(f"API {status['api_url']}: {status['api_status'] or 'no answer'}")
            print("running" if status["running"] else "not running")
        return 0 if status["running"] else 3
    elif args.command in ("restart", "kill"):
        if args.command == "restart":
            report, verb = control.restart(hub, args.service), "restarted"
        else:
            report, verb = control.kill_worker(hub, args.service), "killed"
        print(json.dumps(report.as_dict()) if args.json else report.line(verb))
    elif args.command == "importer":
        settings = hub.importer(None if args.lint is None else parse_switch(args.lint))
        if args.json:
            print(json.dumps(settings, indent=2, sort_keys=True))
        else:
            print(f"ansible-lint on imports: {'on' if settings['lint'] else 'off'}")
            for warning in settings["warnings"]:
                stderr_say(warning)
    elif args.command == "env":
        print("\n".join(hub.env_lines()))
    elif args.command == "logs":
        path = hub.log_path(args.service)
        if not path.exists():
            names = ", ".join(hub.log_names()) or "none yet"
            raise HubStepError("logs", f"no log named {args.service!r} (logs: {names})")
        with open(path, errors="replace") as log:
            sys.stdout.writelines(deque(log, maxlen=max(args.lines, 1)))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["galaxykit"]:
        # galaxykit's own global options come before its command words, so it
        # gets the rest of the line as it is; imported only here (it needs the
        # library's client, which the local-hub commands do not).
        from ..galaxykit.cli import main as galaxykit_main

        return galaxykit_main(words[1:])
    args = build_parser().parse_args(words)
    if args.area == "report":  # the run summary, not the hub (stdlib only, loaded when asked)
        from ..report.merge import main as report_main

        return report_main(args.output_dir)
    try:
        return run(args)
    except HubError as err:
        print(f"hubtask: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("hubtask: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `hubtask hub logs | head`: the reader left; not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
