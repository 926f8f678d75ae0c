"""The state that every keyword class of one library instance shares."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum
from typing import Any

from robot.api import logger

from ..client import HubClient, HubSession
from ..client.console import HeldTask
from ..client.errors import HubError, InvalidArgumentError
from ..client.pulp import normalize_domain
from ..client.references import TaskRef, task_uuids
from ..client.retry import Operation
from ..client.stall import StallServer
from ..client.tasks import WaitReport
from .scoped import ScopedSetting
from .timeline import watch

DEFAULT_TIMEOUT = timedelta(minutes=1)


def seconds(value: timedelta | float | None, what: str = "timeout") -> float:
    """A positive number of seconds from a Robot time value; a clear error otherwise."""
    if isinstance(value, timedelta):
        result = value.total_seconds()
    else:
        try:
            result = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InvalidArgumentError(
                f"{what} '{value}' is not a time: use e.g. 30s or 1 min 30 s."
            ) from None
    if result <= 0:
        raise InvalidArgumentError(f"{what} must be positive, got {result:g} seconds.")
    return result


@dataclass
class Settings:
    base_url: str | None
    username: str | None
    password: str | None
    token: str | None
    api_prefix: str | None
    timeout: float
    verify_ssl: bool | str
    auto_wait: bool
    console_command: str | None
    domain: str | None = None
    # A timeline picture per wait in log.html; console lines on long waits.
    timeline: bool = True
    progress: bool = True
    # hubtask-tasks.html/.json at the end of the run.
    run_summary: bool = True

    @classmethod
    def from_arguments(
        cls,
        base_url: str | None,
        username: str | None,
        password: str | None,
        token: str | None,
        api_prefix: str | None,
        timeout: timedelta | float,
        verify_ssl: bool | str,
        auto_wait: bool,
        console_command: str | None,
        domain: str | None = None,
    ) -> Settings:
        env = os.environ
        if not base_url:
            # Like the galaxykit/CLI world: a hub named by the environment.
            base_url = env.get("HUB_URL") or None
            username = username or env.get("HUB_USERNAME") or None
            password = password or env.get("HUB_PASSWORD") or None
            token = token or env.get("HUB_TOKEN") or None
            api_prefix = api_prefix or env.get("HUB_API_PREFIX") or None
            domain = domain or env.get("HUB_DOMAIN") or None
        console_command = console_command or env.get("HUB_CONSOLE_COMMAND") or None
        if username and password is None and not token:
            password = ""
        return cls(
            base_url=base_url,
            username=username,
            password=password,
            token=token,
            api_prefix=api_prefix,
            timeout=seconds(timeout),
            verify_ssl=verify_ssl,
            auto_wait=auto_wait,
            console_command=console_command,
            domain=normalize_domain(domain),
        )


@dataclass
class SwitchedUser:
    username: str
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)


@dataclass
class Created:
    """Something this library created, for ``Delete Created Resources``."""

    kind: str
    names: tuple[str, ...]
    extra: dict[str, Any] = field(default_factory=dict)


class LibraryContext:
    """Settings, the lazily made client, and what this instance created."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._client: HubClient | None = None
        self._artifacts_dir: str | None = None
        self._stall: StallServer | None = None
        self.created: list[Created] = []
        self.held_tasks: list[HeldTask] = []
        # Temporary remotes pointing at the stall server (Start Long Running Sync).
        self.stall_remotes: list[str] = []
        # The Robot keyword running now (for the run summary's wait names).
        self.keyword = ""
        # Set Task Timeout's scopes (Global, Suite, Test) over settings.timeout.
        self.timeouts: ScopedSetting[float] = ScopedSetting(
            lambda: self.settings.timeout, self._put_timeout
        )

        # Switch User: the user keywords act as (None: the import credentials),
        # and the passwords of users this instance created (never logged).
        self.switched_user: SwitchedUser | None = None
        self.user_passwords: dict[str, str] = {}

    def _put_timeout(self, value: float) -> None:
        self.settings.timeout = value

    # -- client ---------------------------------------------------------------------
    @property
    def client(self) -> HubClient:
        if self._client is None:
            s = self.settings
            if not s.base_url:
                raise InvalidArgumentError(
                    "No hub configured: import the library with base_url=... or set HUB_URL "
                    '(e.g. eval "$(hubtask hub env)" for the local hub).'
                )
            session = HubSession(
                s.base_url,
                username=s.username,
                password=s.password,
                token=s.token,
                api_prefix=s.api_prefix,
                verify=s.verify_ssl,
                domain=s.domain,
            )
            self._client = HubClient(session)
        return self._client

    def credentials(self) -> tuple[str | None, str | None]:
        """(username, password) keywords act as now: the switched user's or
        the import settings'. ``Log In To Hub UI`` uses them by default."""
        if self.switched_user is not None:
            return self.switched_user.username, self.switched_user.password
        return self.settings.username, self.settings.password

    def timeout(self, value: timedelta | None) -> float:
        return self.settings.timeout if value is None else seconds(value)

    def remaining(self, timeout: timedelta | None) -> float:
        """The keyword's timeout, less what the running keyword already used."""
        limit = self.timeout(timeout)
        op = self.client.session.current_operation
        left = op.remaining() if op is not None else None
        return max(0.0, min(limit, left)) if left is not None else limit

    def should_wait(self, wait: bool | None) -> bool:
        return self.settings.auto_wait if wait is None else bool(wait)

    @contextlib.contextmanager
    def operation(self, timeout: timedelta | None = None) -> Iterator[Operation]:
        """One keyword's requests: one correlation id, one deadline, retries logged."""
        outermost = self.client.session.current_operation is None
        with self.client.session.operation(self.timeout(timeout)) as op:
            try:
                yield op
            finally:
                # Also when the keyword fails: how long the hub was away explains it.
                if outermost and op.outage.summary():
                    logger.info(op.outage.summary())
        if op.retries:
            logger.info(f"Transient failures retried: {op.retry_summary()}.")

    # -- waiting --------------------------------------------------------------------
    def wait_for(
        self,
        tasks: Any,
        timeout: timedelta | None = None,
        expected: str | Enum = "completed",
        what: str | None = None,
    ) -> WaitReport:
        refs = tasks if isinstance(tasks, (list, tuple)) else [tasks]
        uuids = task_uuids(refs)
        known = [t for ref in refs if isinstance(ref, TaskRef) for t in ref.known]
        left = self.remaining(timeout)
        with watch(self, what or ", ".join(uuids), left):
            report = self.client.tasks.wait(uuids, timeout=left, expected=expected, known=known)
        self.log_wait(report, what)
        return report

    def log_wait(self, report: WaitReport, what: str | None = None) -> None:
        head = f"Waited for {what}: " if what else "Waited: "
        logger.info(head + "; ".join(report.lines()))

    # -- helpers --------------------------------------------------------------------
    @property
    def artifacts_dir(self) -> str:
        if self._artifacts_dir is None:
            self._artifacts_dir = tempfile.mkdtemp(prefix="hubtask-artifacts-")
        return self._artifacts_dir

    @property
    def stall_server(self) -> StallServer:
        if self._stall is None:
            self._stall = StallServer()
        return self._stall

    def _delete_stall_remotes(self) -> None:
        if self._client is None:
            return
        for name in self.stall_remotes:
            with contextlib.suppress(HubError), self._client.session.operation(10):
                self._client.repositories.delete("remote", name)
        self.stall_remotes.clear()

    def _release_held_tasks(self) -> None:
        """Cancel long running tasks still held, so none outlives the suite."""
        for held in self.held_tasks:
            if held.proc.poll() is None and self._client is not None:
                with contextlib.suppress(HubError):
                    self._client.tasks.cancel(held.uuid)
                with contextlib.suppress(Exception):
                    held.proc.wait(5)
            held.stop()
        self.held_tasks.clear()

    def remember(self, kind: str, *names: str, **extra: Any) -> None:
        self.created.append(Created(kind, tuple(names), extra))

    def forget(self, kind: str, *names: str) -> None:
        self.created = [
            c
            for c in self.created
            if not (c.kind == kind and c.names[: len(names)] == tuple(names))
        ]

    def log_link(self, ref: TaskRef | None) -> None:
        if ref is None:
            return
        client = self.client
        logger.info(
            f'Task {ref.uuid}: <a href="{client.tasks.ui_link(ref.uuid)}">UI</a>',
            html=True,
        )

    def close(self) -> None:
        self._release_held_tasks()
        if self._client is not None:
            # A few seconds at most: a hub that is gone must not hold the suite.
            with contextlib.suppress(HubError), self._client.session.operation(5):
                self._client.tasks.learn_durations()
            self._client.tasks.durations.save()
        if self._stall is not None:
            # Closing the server ends the syncs stalled on it; then their
            # temporary remotes can go (the deletion tasks run after the syncs).
            self._stall.close()
            self._stall = None
            self._delete_stall_remotes()
        if self._artifacts_dir is not None:
            shutil.rmtree(self._artifacts_dir, ignore_errors=True)
            self._artifacts_dir = None
        if self._client is not None:
            self._client.close()
            self._client = None


__all__ = ["DEFAULT_TIMEOUT", "HubError", "LibraryContext", "Settings", "seconds"]
