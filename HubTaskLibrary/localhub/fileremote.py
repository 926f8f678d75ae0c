"""Two loopback upstreams for the local Pulp server's file syncs (stdlib only).

``serve``: a folder with a ``PULP_MANIFEST`` (``name,sha256,size`` per line), the
format a Pulp file remote reads, so a sync has something real to download.
``stall``: accepts connections, reads the request and never answers, so a sync
from it stays ``running`` until it is canceled.

Run by ``hubtask pulp up`` as ``python -m HubTaskLibrary.localhub.fileremote``.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import http.server
import socket
import socketserver
from collections.abc import Sequence
from pathlib import Path

MANIFEST = "PULP_MANIFEST"
# A few small files: a sync downloads and stores them in well under a second.
FILES = {f"file-{n}.txt": f"HubTaskLibrary test file {n}\n" * (n * 10) for n in (1, 2, 3)}


def write_content(folder: Path) -> None:
    """The files and their manifest (rewritten only when different)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for name, text in FILES.items():
        data = text.encode()
        target = folder / name
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
        lines.append(f"{name},{hashlib.sha256(data).hexdigest()},{len(data)}")
    manifest = "\n".join(lines) + "\n"
    path = folder / MANIFEST
    if not path.exists() or path.read_text() != manifest:
        path.write_text(manifest)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        print(f"{self.address_string()} {format % args}", flush=True)


def serve(folder: Path, port: int) -> None:
    write_content(folder)
    handler = functools.partial(_QuietHandler, directory=str(folder))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"serving {folder} on 127.0.0.1:{port}", flush=True)
        server.serve_forever()


class _Stall(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        # Read whatever comes and never answer; the connection ends when the
        # client (a canceled sync) closes it.
        sock: socket.socket = self.request
        while sock.recv(65536):
            pass


class _StallServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def stall(port: int) -> None:
    with _StallServer(("127.0.0.1", port), _Stall) as server:
        print(f"stalling on 127.0.0.1:{port}", flush=True)
        server.serve_forever()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("serve", "stall"))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", type=Path, help="what `serve` serves")
    args = parser.parse_args(argv)
    if args.mode == "serve":
        if args.folder is None:
            parser.error("serve needs --folder")
        serve(args.folder, args.port)
    else:
        stall(args.port)


if __name__ == "__main__":
    main()
