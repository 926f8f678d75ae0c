"""Reading the hub UI in one round trip: a snapshot of what the page shows.

Each read is one ``Evaluate JavaScript`` call that returns plain data (the
page path, the task detail status, the task list rows, the alerts), so the
keywords can poll with :func:`~HubTaskLibrary.client.polling.poll_until`
without tripping over Browser's strict mode or implicit waits.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .selectors import SELECTORS

_SELECTOR_ARG = {k: v for k, v in asdict(SELECTORS).items() if isinstance(v, str)}

_TASK_JS = r"""
(s) => {
  const text = (el) => (el ? el.innerText.trim() : null);
  const uuidIn = (href) => {
    const m = (href || '').match(/\/task\/([0-9a-f-]{36})\/?$/);
    return m ? m[1] : null;
  };
  const path = location.pathname;
  const h1 = document.querySelector(s.detail_title);
  const notFound = path.includes('/not-found') || /page not found/i.test(text(h1) || '');
  let detail = null;
  const onDetail = uuidIn(path);
  if (onDetail && h1 && !notFound) {
    const label = document.querySelector(s.detail_status);
    let status = label ? text(label) : null;
    if (!status) {
      const lines = h1.innerText.split('\n').map((x) => x.trim()).filter(Boolean);
      if (lines.length > 1) status = lines[lines.length - 1];
      else if (h1.innerText.trim().endsWith('---')) status = '---';
    }
    const title = status ? h1.innerText.trim().split('\n')[0].replace(/---$/, '').trim() : null;
    detail = {task: onDetail, title: title, status: status};
  }
  const table = document.querySelector(s.task_table);
  let statusColumn = -1;
  if (table) {
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.innerText.trim().toLowerCase());
    statusColumn = heads.indexOf('status');
  }
  const rows = [...document.querySelectorAll(s.task_rows)].map((tr) => {
    const link = tr.querySelector('a[href*="/task/"]');
    const label = tr.querySelector(s.label_content);
    let status = null;
    if (statusColumn >= 0 && tr.children[statusColumn]) status = text(tr.children[statusColumn]);
    if (!status && label) status = text(label);
    return {task: link ? uuidIn(link.getAttribute('href')) : null,
            name: text(link), status: status || null};
  });
  return {path: path, not_found: notFound, detail: detail, rows: rows,
          has_table: !!table, empty: !!document.querySelector(s.empty_state),
          login: !!document.querySelector(s.login_username),
          login_error: text(document.querySelector(s.login_error))};
}
"""

_ALERTS_JS = r"""
(s) => [...document.querySelectorAll(s.alert)].map((el) => {
  const t = el.querySelector(s.alert_title);
  let title = '';
  if (t) {
    const copy = t.cloneNode(true);
    copy.querySelectorAll(s.screen_reader).forEach((x) => x.remove());
    title = copy.textContent.trim();
  }
  const d = el.querySelector(s.alert_description);
  const variant = [...el.classList].find((c) => /^pf-m-(success|danger|warning|info|default|custom)$/.test(c));
  const link = el.querySelector('a[href*="/task/"]');
  const m = link ? (link.getAttribute('href') || '').match(/\/task\/([0-9a-f-]{36})\/?$/) : null;
  return {title: title, description: d ? d.innerText.trim() : '',
          variant: variant ? variant.slice(5) : 'default', task: m ? m[1] : null};
})
"""

_CLOSE_ALERTS_JS = r"""
(s) => { const b = [...document.querySelectorAll(s.alert_close)]; b.forEach((x) => x.click()); return b.length; }
"""

_ERROR_JS = r"""
(s) => {
  const h2 = [...document.querySelectorAll('h2')].find((h) => h.innerText.trim() === 'Error message');
  if (!h2) return null;
  const card = h2.closest(s.card) || h2.parentElement;
  const h3 = [...card.querySelectorAll('h3')].find((h) => h.innerText.trim() === 'Description');
  let node = h3 ? h3.nextElementSibling : null;
  while (node && node.tagName !== 'H3') {
    const block = node.matches(s.code_block) ? node : node.querySelector(s.code_block);
    if (block) return block.innerText.trim();
    node = node.nextElementSibling;
  }
  return card.innerText.trim();
}
"""


@dataclass
class Row:
    task: str | None
    name: str | None
    status: str | None


@dataclass
class Snapshot:
    """What the page showed at one moment."""

    path: str = ""
    not_found: bool = False
    detail: dict[str, Any] | None = None
    rows: list[Row] = field(default_factory=list)
    has_table: bool = False
    empty: bool = False
    login: bool = False
    login_error: str | None = None

    @classmethod
    def from_page(cls, data: Any) -> Snapshot:
        data = dict(data or {})
        rows = [Row(**dict(r)) for r in data.pop("rows", [])]
        return cls(rows=rows, **{k: v for k, v in data.items() if k in _FIELDS})

    def status_of(self, uuid: str) -> tuple[str | None, str | None]:
        """(status, where) of task ``uuid`` on this page: the detail page or a list row."""
        if self.detail and self.detail.get("task") == uuid:
            return self.detail.get("status"), "detail"
        for row in self.rows:
            if row.task == uuid:
                return row.status, "list"
        return None, None

    @property
    def list_loaded(self) -> bool:
        return bool(self.rows) or (self.empty and not self.rows)


_FIELDS = {"path", "not_found", "detail", "has_table", "empty", "login", "login_error"}


class PageReader:
    """Snapshots and small DOM actions through a Browser library instance."""

    def __init__(self, browser: Any):
        self.browser = browser

    def _evaluate(self, script: str) -> Any:
        return self.browser.evaluate_javascript(None, script.strip(), arg=_SELECTOR_ARG)

    def snapshot(self) -> Snapshot:
        return Snapshot.from_page(self._evaluate(_TASK_JS))

    def alerts(self) -> list[dict[str, Any]]:
        return [dict(a) for a in self._evaluate(_ALERTS_JS) or []]

    def close_alerts(self) -> int:
        return int(self._evaluate(_CLOSE_ALERTS_JS) or 0)

    def error_description(self) -> str | None:
        found = self._evaluate(_ERROR_JS)
        return None if found is None else str(found)
