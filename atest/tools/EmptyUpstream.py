"""An upstream Galaxy with no collections, on loopback (test-only).

A sync from it is a real sync task that completes in a second or two: the
root says it speaks v3, the collection list is empty, everything else is
404 (which pulp_ansible treats as "not offered").
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from robot.api.deco import keyword

_ANSWERS: dict[str, Any] = {
    "/": {"available_versions": {"v3": "v3/"}},
    "/v3/collections/": {"meta": {"count": 0}, "links": {"next": None}, "data": []},
}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        answer = _ANSWERS.get(urlsplit(self.path).path)
        body = json.dumps(answer if answer is not None else {"detail": "Not found."}).encode()
        self.send_response(200 if answer is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class EmptyUpstream:
    ROBOT_LIBRARY_SCOPE = "SUITE"

    def __init__(self) -> None:
        self._server: ThreadingHTTPServer | None = None

    @keyword
    def start_empty_upstream(self) -> str:
        """Starts the server (once) and returns its URL, ending in a slash."""
        if self._server is None:
            self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
            self._server.daemon_threads = True
            threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    @keyword
    def stop_empty_upstream(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
