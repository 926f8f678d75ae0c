#!/usr/bin/env python3
"""Fail when a password or token shows up in Robot outputs or a console log.

Usage:
  scripts/check-secrets.py [--secret VALUE]... [--secrets-file FILE]... [--env NAME]...
                           PATH...

PATH is a file or a directory (then its output.xml, log.html, report.html,
*.xml, *.html, *.log and *.txt files are scanned). Secrets come from
``--secret``, from ``--secrets-file`` (one a line) and from environment
variables (``--env``; default HUB_PASSWORD and HUB_TOKEN). Robot's log.html
and report.html keep their messages zlib-compressed and base64-encoded: those
strings are decoded and scanned too. A secret is also looked for URL-encoded,
HTML-escaped and JSON-escaped. Secrets shorter than ``--min-length`` (8) are
skipped with a note: a password like ``admin`` matches the user name everywhere.

Exit 0 when nothing was found, 1 naming each file (and never the secret) when
something was, 2 on usage errors. Secret values are never printed.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import html
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import quote

SCANNED_SUFFIXES = (".xml", ".html", ".log", ".txt")
_JS_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_STRINGS_BLOCK = re.compile(r'window\.output\["strings"\][^;]*?concat\((\[.*?\])\);', re.S)


def variants(secret: str) -> set[str]:
    """The forms a secret can take in a text file."""
    forms = {
        secret,
        quote(secret, safe=""),
        html.escape(secret),
        json.dumps(secret)[1:-1],
    }
    return {f for f in forms if f}


def robot_strings(text: str) -> Iterator[str]:
    """Decoded strings of a Robot log.html/report.html (``*raw`` or base64 zlib)."""
    for block in _STRINGS_BLOCK.findall(text):
        try:
            items = json.loads(block)
        except ValueError:
            items = [m.group(1) for m in _JS_STRING.finditer(block)]
        for item in items:
            if not isinstance(item, str):
                continue
            if item.startswith("*"):
                yield item[1:]
                continue
            try:
                yield zlib.decompress(base64.b64decode(item)).decode("utf-8", "replace")
            except (binascii.Error, zlib.error, ValueError):
                yield item


def texts_of(path: Path) -> Iterator[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    yield text
    if path.suffix == ".html":
        yield from robot_strings(text)


def files_to_scan(paths: Iterable[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix in SCANNED_SUFFIXES
            )
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(name)
    return found


def scan(files: Iterable[Path], secrets: Iterable[str]) -> dict[Path, int]:
    """{file: number of secrets found in it} for the files holding any."""
    forms = [(s, variants(s)) for s in secrets]
    hits: dict[Path, int] = {}
    for path in files:
        found = set()
        for text in texts_of(path):
            for secret, its_forms in forms:
                if secret not in found and any(f in text for f in its_forms):
                    found.add(secret)
        if found:
            hits[path] = len(found)
    return hits


def collect_secrets(
    values: Iterable[str], files: Iterable[str], env_names: Iterable[str]
) -> list[str]:
    secrets = [v for v in values if v]
    for name in files:
        path = Path(name)
        if path.is_file():
            secrets += [line.strip() for line in path.read_text().splitlines() if line.strip()]
    secrets += [os.environ[n] for n in env_names if os.environ.get(n)]
    return sorted(set(secrets))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="files or directories to scan")
    parser.add_argument("--secret", action="append", default=[], help="a secret value")
    parser.add_argument("--secrets-file", action="append", default=[], help="one secret a line")
    parser.add_argument("--env", action="append", default=None, help="variable holding a secret")
    parser.add_argument("--min-length", type=int, default=8)
    args = parser.parse_args(argv)
    env_names = args.env if args.env is not None else ["HUB_PASSWORD", "HUB_TOKEN"]
    secrets = collect_secrets(args.secret, args.secrets_file, env_names)
    short = [s for s in secrets if len(s) < args.min_length]
    secrets = [s for s in secrets if len(s) >= args.min_length]
    if short:
        print(f"check-secrets: skipped {len(short)} secret(s) shorter than {args.min_length}.")
    if not secrets:
        print("check-secrets: no secrets to look for: give --secret, --secrets-file or --env.")
        return 2
    try:
        files = files_to_scan(args.paths)
    except FileNotFoundError as err:
        print(f"check-secrets: no such file or directory: {err}")
        return 2
    hits = scan(files, secrets)
    for path, count in hits.items():
        print(f"check-secrets: {path}: {count} secret(s) found")
    if hits:
        return 1
    print(f"check-secrets: {len(secrets)} secret(s), {len(files)} file(s): nothing found.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
