"""Robot keywords around the fault proxy and test certificates (test-only).

| Library    ../tools/FaultProxy.py
| ${url} =    Start Fault Proxy    seed=42    rate=0.4
| Import Library    HubTaskLibrary    base_url=${url}    AS    Faulty
| ${count} =    Get Fault Count
| Stop Fault Proxy
"""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import threading
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from faultplan import FaultPlan, check_kind
from proxyserver import ProxyServer
from robot.api import logger
from robot.api.deco import keyword


class FaultProxy:
    ROBOT_LIBRARY_SCOPE = "GLOBAL"

    def __init__(self) -> None:
        self._proxies: dict[str, ProxyServer] = {}
        self._current: ProxyServer | None = None
        # Faults scheduled for later (Schedule Fault After), one timer per proxy.
        self._timers: dict[int, threading.Timer] = {}
        self.ROBOT_LIBRARY_LISTENER = self

    # -- listener: stop everything when the library goes out of scope ----------------
    ROBOT_LISTENER_API_VERSION = 3

    def close(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        for proxy in list(self._proxies.values()):
            proxy.close()
        self._proxies.clear()
        self._current = None

    def _proxy(self, url: str | None) -> ProxyServer:
        if url:
            return self._proxies[url]
        if self._current is None:
            raise RuntimeError("No fault proxy running: call Start Fault Proxy first.")
        return self._current

    @keyword
    def start_fault_proxy(
        self,
        upstream: str | None = None,
        seed: str = "0",
        rate: float = 0.0,
        kinds: list[str] | None = None,
        new_task_404: bool = True,
        certificate: str | None = None,
        key: str | None = None,
        paths: str = "*",
    ) -> str:
        """Starts a proxy on loopback in front of ``upstream`` (default ``HUB_URL``); returns its URL.

        ``rate`` is the share of requests that get a fault drawn with ``seed``;
        ``kinds`` limits the kinds drawn, ``paths`` (a glob on the request path,
        e.g. ``*/pulp/api/v3/tasks/*``) the requests. With ``certificate`` and ``key`` the
        proxy speaks HTTPS (a TLS front).
        """
        upstream = upstream or os.environ["HUB_URL"]
        context = None
        if certificate:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certificate, key)
        plan = FaultPlan(seed=seed, rate=rate, kinds=kinds, new_task_404=new_task_404, paths=paths)
        proxy = ProxyServer(upstream, plan, ssl_context=context)
        self._proxies[proxy.url] = proxy
        self._current = proxy
        logger.info(f"Fault proxy {proxy.url} -> {upstream} (seed {seed}, rate {rate}).")
        return proxy.url

    @keyword
    def stop_fault_proxy(self, url: str | None = None) -> None:
        """Stops the proxy at ``url`` (default: the last started) and logs its fault counts."""
        proxy = self._proxy(url)
        self.log_fault_counts(proxy.url)
        for error in proxy.errors:
            logger.warn(f"Fault proxy handler error: {error}")
        proxy.close()
        self._proxies.pop(proxy.url, None)
        if self._current is proxy:
            self._current = next(iter(self._proxies.values()), None)

    @keyword
    def get_fault_count(self, kind: str | None = None, url: str | None = None) -> int:
        """Faults injected so far (of ``kind`` if given)."""
        return self._proxy(url).plan.total(kind)

    @keyword
    def get_fault_counts(self, url: str | None = None) -> dict:
        """Faults injected so far, by kind."""
        return dict(self._proxy(url).plan.counts)

    @keyword
    def get_proxied_request_count(self, url: str | None = None) -> int:
        """Requests the proxy received (faulted or not)."""
        return self._proxy(url).plan.requests

    @keyword
    def log_fault_counts(self, url: str | None = None) -> None:
        plan = self._proxy(url).plan
        counts = ", ".join(f"{k} x{n}" for k, n in sorted(plan.counts.items())) or "none"
        logger.info(f"Fault proxy: {plan.requests} requests, {plan.total()} faults: {counts}.")

    @keyword
    def log_proxy_journal(self, url: str | None = None) -> None:
        """Logs the last requests the proxy saw (time, method, path, fault)."""
        logger.info("\n".join(self._proxy(url).journal))

    @keyword
    def schedule_fault(
        self, kind: str, method: str = "*", path: str = "*", times: int = 1, url: str | None = None
    ) -> None:
        """Injects ``kind`` into the next ``times`` requests matching ``method`` and ``path`` (globs)."""
        self._proxy(url).plan.schedule(kind, method, path, times)

    @keyword
    def schedule_fault_after(
        self,
        seconds: float,
        kind: str,
        method: str = "*",
        path: str = "*",
        times: int = 1,
        url: str | None = None,
    ) -> None:
        """Like `Schedule Fault`, ``seconds`` from now: while the next keyword runs
        (e.g. every task poll of a wait faulted from then on, so its last looks fail)."""
        proxy = self._proxy(url)
        check_kind(kind)
        self._cancel_timer(proxy)
        timer = threading.Timer(float(seconds), proxy.plan.schedule, (kind, method, path, times))
        timer.daemon = True
        self._timers[id(proxy)] = timer
        timer.start()

    @keyword
    def clear_scheduled_faults(self, url: str | None = None) -> None:
        """Drops the scheduled faults not injected yet (and those still due later)."""
        proxy = self._proxy(url)
        self._cancel_timer(proxy)
        proxy.plan.clear_scheduled()

    def _cancel_timer(self, proxy: ProxyServer) -> None:
        timer = self._timers.pop(id(proxy), None)
        if timer is not None:
            timer.cancel()

    @keyword
    def set_fault_rate(self, rate: float, url: str | None = None) -> float:
        """Sets the share of requests that get a random fault; returns the old one."""
        return self._proxy(url).plan.set_rate(rate)

    @keyword
    def refuse_connections_for(self, seconds: float = 0.5, url: str | None = None) -> None:
        """Closes the open connections and stops listening for ``seconds``: the next
        connections are refused (call it between keywords, with no request in flight)."""
        proxy = self._proxy(url)
        proxy.refuse_connections(float(seconds), drop_idle=True)
        proxy.plan.counts["refuse"] += 1

    @keyword
    def create_test_certificates(self, directory: str) -> dict:
        """Makes a test CA and a server certificate for 127.0.0.1/localhost with ``openssl``.

        Returns a dictionary with ``ca``, ``certificate`` and ``key`` paths.
        """
        return create_certificates(Path(directory))


def create_certificates(directory: Path) -> dict:
    directory.mkdir(parents=True, exist_ok=True)
    ca_key, ca = directory / "ca.key", directory / "ca.pem"
    key, csr, cert = directory / "server.key", directory / "server.csr", directory / "server.pem"
    ext = directory / "server.ext"
    ext.write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\n"
        "subjectKeyIdentifier=hash\n"
    )
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run = ["openssl", "req"]
    ca_extensions = [
        *("-addext", "basicConstraints=critical,CA:TRUE"),
        *("-addext", "keyUsage=critical,keyCertSign,cRLSign"),
    ]
    ca_subject = ["-subj", "/CN=HubTaskLibrary test CA", *ca_extensions]
    _openssl([*run, "-x509", *ec, "-keyout", ca_key, "-out", ca, "-days", "2", *ca_subject])
    _openssl([*run, *ec, "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1"])
    sign = ["-CAcreateserial", "-out", cert, "-days", "2", "-extfile", ext]
    _openssl(["openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, *sign])
    return {"ca": str(ca), "certificate": str(cert), "key": str(key)}


def _openssl(argv: list) -> None:
    done = subprocess.run([str(a) for a in argv], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"openssl failed: {done.stderr.strip()[-300:]}")
