"""Which tasks the hub UI's own API requests started.

The page is instrumented with a few lines of JavaScript (installed by one
``Evaluate JavaScript`` after each Browser keyword, and again after a page
load wiped it): every API request that can change something (not GET, HEAD
or OPTIONS) gets a ``Correlation-ID`` header of our own, and its reply's task
references are noted. Pulp stores that id as the ``logging_cid`` of every
task the request dispatched, children included, so two sources name the
page's tasks:

- the replies the page read (fast, no request to the hub), and
- the hub's task list filtered by the page's correlation id prefix (finds
  tasks whose reply named none, or whose note a page load wiped).

Nothing is added to a request but one header, and nothing waits in the page:
the notes are read by the library between keywords.
"""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..client.http import API_PREFIXES, CORRELATION_HEADER
from ..client.references import REPLY_TASK_KEYS, task_uuid, tasks_in_reply
from ..keywords.context import LibraryContext

# How long the page must have had no API request in flight before we trust
# that a click's request chain (a GET, then the POST it leads to) is over.
QUIET_MS = 60
SETTLE_LOOK = 0.02
_TASK_FIELDS = "pulp_href,name,state,pulp_created,started_at,finished_at,logging_cid,error"

# Installs the instrumentation once per document and returns (and forgets)
# what the page noted since the last call. ``cfg``: origin, prefix, header,
# API path prefixes, reply keys.
SYNC_JS = r"""
(cfg) => {
  if (location.origin !== cfg.origin) return {tracked: false};
  let fresh = false;
  if (!window.__hubtask || window.__hubtask.prefix !== cfg.prefix) {
    // One state per library instance: another instance's notes are dropped.
    fresh = true;
    window.__hubtask = {prefix: cfg.prefix, n: 0, pending: 0, lastEnd: 0, open: [], done: [],
                        doc: Math.floor(Math.random() * 256).toString(16).padStart(2, '0')};
  }
  if (!window.__hubtaskPatched) {
    // Patched once per document; the wrappers use the state current at call time.
    window.__hubtaskPatched = true;
    const isApi = (url) => {
      try {
        const u = new URL(url, location.href);
        return u.origin === location.origin && cfg.paths.some((p) => u.pathname.startsWith(p));
      } catch (e) { return false; }
    };
    const changes = (m) => !['GET', 'HEAD', 'OPTIONS'].includes(String(m || 'GET').toUpperCase());
    const start = (method, url) => {
      const s = window.__hubtask;
      s.pending += 1;
      const rec = {state: s, cid: null, method: String(method || 'GET').toUpperCase(),
                   url: String(url), status: null, reply: null};
      if (changes(method)) {
        s.n += 1;
        rec.cid = s.prefix + s.doc + s.n.toString(16).padStart(6, '0');
        s.open.push(rec);
      }
      return rec;
    };
    const end = (rec, status, body) => {
      const s = rec.state;
      s.pending = Math.max(0, s.pending - 1);
      s.lastEnd = Date.now();
      if (!rec.cid) return;
      rec.status = status;
      if (body && typeof body === 'object') {
        rec.reply = {};
        for (const k of cfg.keys) if (body[k]) rec.reply[k] = body[k];
      }
      s.open = s.open.filter((r) => r !== rec);
      s.done.push({cid: rec.cid, method: rec.method, url: rec.url, status: rec.status, reply: rec.reply});
    };
    const proto = XMLHttpRequest.prototype;
    const open = proto.open, send = proto.send;
    proto.open = function (method, url, ...rest) {
      this.__hubtask = {method: method, url: url};
      return open.call(this, method, url, ...rest);
    };
    proto.send = function (...args) {
      const info = this.__hubtask;
      if (info && isApi(info.url)) {
        const rec = start(info.method, info.url);
        if (rec.cid) this.setRequestHeader(cfg.header, rec.cid);
        this.addEventListener('loadend', () => {
          let body = null;
          try {
            body = this.responseType === 'json' ? this.response
              : (this.responseType === '' || this.responseType === 'text') ? JSON.parse(this.responseText) : null;
          } catch (e) { body = null; }
          end(rec, this.status, body);
        }, {once: true});
      }
      return send.apply(this, args);
    };
    const fetch0 = window.fetch;
    if (fetch0) {
      window.fetch = function (input, init) {
        const url = typeof input === 'string' ? input : (input && input.url) || String(input);
        const method = (init && init.method) || (input && input.method) || 'GET';
        if (!isApi(url)) return fetch0.apply(this, arguments);
        const rec = start(method, url);
        if (rec.cid) {
          const headers = new Headers((init && init.headers) || (input && input.headers) || {});
          headers.set(cfg.header, rec.cid);
          init = Object.assign({}, init || {}, {headers: headers});
        }
        return fetch0.call(this, input, init).then((res) => {
          res.clone().json().then((b) => end(rec, res.status, b), () => end(rec, res.status, null));
          return res;
        }, (err) => { end(rec, 0, null); throw err; });
      };
    }
  }
  const s = window.__hubtask;
  const done = s.done;
  s.done = [];
  return {tracked: true, fresh: fresh, pending: s.pending, open: s.open.length,
          quiet: s.lastEnd ? Date.now() - s.lastEnd : 1e9, done: done};
}
"""


@dataclass
class PageRequest:
    """One API request of the page that could change something."""

    cid: str
    method: str
    url: str
    status: int
    tasks: list[str]


@dataclass
class PageState:
    """What one look at the page found."""

    tracked: bool = False
    fresh: bool = False
    pending: int = 0
    open: int = 0
    quiet_ms: float = 1e9
    done: list[PageRequest] = field(default_factory=list)

    @property
    def settled(self) -> bool:
        """No API request in flight, none for a moment (a chain of requests is over)."""
        return not self.tracked or (self.pending == 0 and self.quiet_ms >= QUIET_MS)

    @property
    def writes_over(self) -> bool:
        """No request that can start a task is in flight."""
        return not self.tracked or self.open == 0


class PageTracker:
    """The page's requests and the tasks they started, for one library instance.

    ``prefix`` is this instance's id plus a marker and a random part: the
    hub's ``logging_cid__contains=<prefix>`` lists every task the UI pages of
    this instance started, and ``Wait For All Tasks    scope=mine`` (which
    filters on the instance id) covers them too.
    """

    def __init__(self, ctx: LibraryContext):
        self.ctx = ctx
        self._prefix: str | None = None
        # Requests read from the page, not yet handed to a wait.
        self.requests: list[PageRequest] = []
        # Tasks already returned by a wait (not returned again).
        self.reported: set[str] = set()

    @property
    def enabled(self) -> bool:
        return bool(self.ctx.settings.base_url)

    @property
    def prefix(self) -> str:
        """The correlation id prefix of the page's requests in this period
        (from one wait to the next): the hub lists exactly its tasks by it."""
        if self._prefix is None:
            # 16 (instance) + 2 (marker) + 6 (random) hex; the page adds 8.
            self._prefix = f"{self.ctx.client.session.instance_id}fe{secrets.token_hex(3)}"
        return self._prefix

    def _config(self) -> dict[str, Any]:
        session = self.ctx.client.session
        origin = session._origin()
        paths = sorted({*API_PREFIXES, *([session._prefix] if session._prefix else [])})
        return {
            "origin": origin,
            "prefix": self.prefix,
            "header": CORRELATION_HEADER,
            "paths": paths,
            "keys": list(REPLY_TASK_KEYS),
        }

    # -- the page -----------------------------------------------------------
    def look(self, browser: Any) -> PageState:
        """Install the instrumentation if needed and read what the page noted.

        A browser without a page (or a page elsewhere) gives an untracked state.
        """
        try:
            with _quiet():
                data = browser.evaluate_javascript(None, SYNC_JS.strip(), arg=self._config())
        except Exception:  # no page open, page closing...: nothing to read
            return PageState()
        data = dict(data or {})
        if not data.get("tracked"):
            return PageState()
        done = []
        for rec in data.get("done") or []:
            rec = dict(rec)
            request = PageRequest(
                cid=str(rec.get("cid")),
                method=str(rec.get("method")),
                url=str(rec.get("url")),
                status=int(rec.get("status") or 0),
                tasks=tasks_in_reply(rec.get("reply") or {}),
            )
            done.append(request)
        self.requests.extend(done)
        return PageState(
            tracked=True,
            fresh=bool(data.get("fresh")),
            pending=int(data.get("pending") or 0),
            open=int(data.get("open") or 0),
            quiet_ms=float(data.get("quiet") or 0),
            done=done,
        )

    def settle(self, browser: Any, limit: float, writes_only: bool = False) -> PageState:
        """Look until no API request of the page is in flight (or ``limit`` s
        pass); with ``writes_only`` until none that can start a task is."""
        deadline = time.monotonic() + limit
        state = self.look(browser)
        done = list(state.done)
        over = (lambda st: st.writes_over) if writes_only else (lambda st: st.settled)
        while not over(state) and time.monotonic() < deadline:
            time.sleep(SETTLE_LOOK)
            state = self.look(browser)
            done.extend(state.done)
        state.done = done
        return state

    # -- the tasks ------------------------------------------------------------
    def named_tasks(self, requests: list[PageRequest] | None = None) -> list[str]:
        """Tasks the replies read from the page named, not reported yet."""
        found: list[str] = []
        for request in self.requests if requests is None else requests:
            for uuid in request.tasks:
                if uuid not in found and uuid not in self.reported:
                    found.append(uuid)
        return found

    def hub_tasks(self, cids: set[str] | None = None) -> list[dict[str, Any]]:
        """Tasks the hub lists under this period's correlation id prefix (one
        request), not reported yet; with ``cids`` only those requests'."""
        if self._prefix is None:
            return []  # no page was instrumented in this period
        tasks = self.ctx.client.tasks.list(
            limit=None,
            logging_cid__contains=self.prefix,
            fields=f"{_TASK_FIELDS},child_tasks,parent_task,progress_reports",
        )
        return [
            t
            for t in tasks
            if task_uuid(t) not in self.reported
            and (cids is None or str(t.get("logging_cid")) in cids)
        ]

    def changed_something(self, requests: list[PageRequest]) -> list[PageRequest]:
        """The requests that were accepted (an error reply starts no task)."""
        return [r for r in requests if 0 < r.status < 400]

    def report(self, uuids: list[str], new_period: bool = True) -> None:
        """Mark tasks as handed out; requests read so far are done with. A new
        period gets a new prefix, so the hub's list by prefix shows only what
        the page starts from now on (the task list has no creation-time filter
        on pulpcore 3.28)."""
        self.reported.update(uuids)
        self.requests.clear()
        if new_period:
            self._prefix = None


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """No "JavaScript executed successfully." line in the log for each look
    (a wait may look dozens of times); warnings still show."""
    try:
        from robot.libraries.BuiltIn import BuiltIn, RobotNotRunningError
    except ImportError:  # pragma: no cover - robot is a dependency
        yield
        return
    try:
        old = BuiltIn().set_log_level("WARN")
    except RobotNotRunningError:
        yield
        return
    try:
        yield
    finally:
        BuiltIn().set_log_level(old)
