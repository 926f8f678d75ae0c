"""A loopback HTTP(S) proxy in front of the hub that injects faults (see faultplan).

Test-only code. One thread accepts connections, one thread per connection
serves HTTP/1.1 keep-alive; every request is read in full, then the plan says
whether to answer it with a fault, forward it, or both (reset after forwarding).
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import struct
import threading
import time
import traceback
from collections import deque
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from faultplan import STATUS_FAULTS, FaultPlan

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "content-length",
}
STALL_SECONDS = 0.5
REFUSE_SECONDS = 0.7
RETRY_AFTER_SECONDS = "1"


class ProxyServer:
    def __init__(
        self,
        upstream: str,
        plan: FaultPlan,
        ssl_context: ssl.SSLContext | None = None,
        port: int = 0,
    ) -> None:
        parts = urlsplit(upstream)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"upstream must be an http:// URL, not '{upstream}'.")
        self.upstream_host = parts.hostname
        self.upstream_port = parts.port or 80
        self.plan = plan
        self.ssl_context = ssl_context
        self._lock = threading.Lock()
        self._closed = False
        self._refuse_until = 0.0
        self._close_listener = False
        self._listener_closed = threading.Event()
        self._listener: socket.socket | None = self._listen(port)
        self.port = self._listener.getsockname()[1]
        self.refused_windows = 0
        self._connections: set[socket.socket] = set()
        # The last requests (method, path, fault, status) and handler errors, for diagnosis.
        self.journal: deque[str] = deque(maxlen=200)
        self.errors: list[str] = []
        self._thread = threading.Thread(target=self._accept_loop, name="fault-proxy", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        scheme = "https" if self.ssl_context else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    # -- listening ------------------------------------------------------------------
    def _listen(self, port: int) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(64)
        sock.settimeout(0.05)
        return sock

    def refuse_connections(self, seconds: float = REFUSE_SECONDS, drop_idle: bool = False) -> None:
        """Stop listening for ``seconds``: new connections are refused meanwhile.

        The accept thread closes the listener itself (closing it from here
        while that thread polls it would keep it alive a few ms, and a client
        connecting then would get a reset instead of a refusal); this call
        returns once it is closed. With ``drop_idle`` the open keep-alive
        connections are closed too, so that the client's next request needs a
        new connection (only while no request is in flight).
        """
        with self._lock:
            self._refuse_until = time.monotonic() + seconds
            self.refused_windows += 1
            self._listener_closed.clear()
            self._close_listener = True
            if drop_idle:
                for conn in list(self._connections):
                    with contextlib.suppress(OSError):
                        conn.shutdown(socket.SHUT_RDWR)
        self._listener_closed.wait(timeout=2)

    def _accept_loop(self) -> None:
        while not self._closed:
            with self._lock:
                if self._close_listener:
                    if self._listener is not None:
                        self._listener.close()
                        self._listener = None
                    self._close_listener = False
                    self._listener_closed.set()
                listener = self._listener
                if listener is None and time.monotonic() >= self._refuse_until:
                    listener = self._listener = self._listen(self.port)
            if listener is None:
                time.sleep(0.01)
                continue
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            conn.settimeout(None)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.add(conn)
        try:
            if self.ssl_context is not None:
                conn = self.ssl_context.wrap_socket(conn, server_side=True)
            _Handler(conn, ("127.0.0.1", 0), self)
        except (OSError, ssl.SSLError):
            pass  # clients that reject our certificate, resets we made
        except Exception:
            self.errors.append(traceback.format_exc())
        finally:
            with self._lock:
                self._connections.discard(conn)
            with contextlib.suppress(OSError):
                conn.close()

    def close(self) -> None:
        self._closed = True
        self._thread.join(timeout=2)
        with self._lock:
            if self._listener is not None:
                self._listener.close()
                self._listener = None

    # -- forwarding -------------------------------------------------------------------
    def forward(
        self, method: str, path: str, headers: list[tuple[str, str]], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        conn = http.client.HTTPConnection(self.upstream_host, self.upstream_port, timeout=300)
        try:
            conn.request(method, path, body=body or None, headers=dict(headers))
            response = conn.getresponse()
            data = response.read()
            out = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP]
            return response.status, out, data
        finally:
            conn.close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ProxyServer  # type: ignore[assignment]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _reset(self) -> None:
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def _send(
        self, status: int, headers: list[tuple[str, str]], data: bytes, close: bool = False
    ) -> None:
        self.send_response_only(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def _proxy(self) -> None:
        proxy = self.server
        body = self._body()
        method = self.command
        fault = proxy.plan.choose(method, self.path, time.time())
        proxy.journal.append(f"{time.time():.3f} {method} {self.path} {fault or '-'}")
        if fault in STATUS_FAULTS:
            status = STATUS_FAULTS[fault]
            detail = "Not found." if status == 404 else f"Injected by the fault proxy ({fault})."
            headers = [("Content-Type", "application/json")]
            if fault == "429-retry-after":
                headers.append(("Retry-After", RETRY_AFTER_SECONDS))
            self._send(status, headers, b'{"detail": "' + detail.encode() + b'"}')
            return
        if fault == "reset-before":
            self._reset()
            return
        if fault == "stall":
            time.sleep(STALL_SECONDS)
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP]
        try:
            status, out, data = proxy.forward(method, self.path, headers, body)
        except (OSError, http.client.HTTPException) as err:
            message = f'{{"detail": "Fault proxy: upstream unreachable: {err}"}}'
            self._send(502, [("Content-Type", "application/json")], message.encode())
            return
        if fault == "reset-after":
            self._reset()
            return
        if method != "GET" and 200 <= status < 300:
            proxy.plan.handed_out(data, time.time())
        if status == 200:
            data = proxy.plan.hide_new_tasks(method, self.path, data, time.time())
        if proxy.ssl_context is not None and self.headers.get("Host"):
            # A TLS front tells the hub nothing: fix the absolute links the hub built.
            host = self.headers["Host"].encode()
            data = data.replace(b"http://" + host, b"https://" + host)
        if fault == "refuse":
            proxy.refuse_connections()
            self._send(status, out, data, close=True)
            return
        self._send(status, out, data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _proxy
