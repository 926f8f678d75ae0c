"""A loopback HTTP server that accepts connections and never answers.

A repository synced from it stays ``running`` until someone cancels the task:
the seed's "long running task", made from a real sync.
"""

from __future__ import annotations

import socket
import threading


class StallServer:
    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._clients: list[socket.socket] = []
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="hubtask-stall", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._sock.getsockname()
        return f"http://{host}:{port}/"

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            # Keep the connection open and say nothing.
            self._clients.append(client)

    def drop_connections(self) -> None:
        """Close the connections held so far (the server keeps listening): a
        sync stalled on one then fails at once, which lets a canceled sync
        abort instead of waiting on a read that never ends."""
        clients, self._clients = self._clients, []
        for client in clients:
            client.close()

    def close(self) -> None:
        self._closed.set()
        for client in self._clients:
            client.close()
        self._sock.close()
