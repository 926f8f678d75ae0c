"""Reading every page of a list, whichever pagination the endpoint uses.

galaxy's own views (``_ui/v1/``, ``v3/``) answer ``{meta: {count}, links:
{next}, data: [...]}``; Pulp's answer ``{count, next, results: [...]}``.
Hub-wide cleanup needs whole lists, so it follows ``next`` to the end.
"""

from __future__ import annotations

from typing import Any

from .http import HubSession

PAGE_SIZE = 100
# A hub with more than this many of one kind is not a test hub: stop there
# rather than loop for minutes.
MAX_PAGES = 100


def all_items(
    session: HubSession, path: str, params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Every item of the list at ``path`` (filters in ``params``)."""
    query: dict[str, Any] | None = {"limit": PAGE_SIZE, "offset": 0, **(params or {})}
    url = path
    items: list[dict[str, Any]] = []
    for _ in range(MAX_PAGES):
        body = session.get_json(url, params=query)
        if isinstance(body, list):
            return items + body
        page = body.get("data")
        if page is None:
            page = body.get("results") or []
        items += page
        link = body.get("next")
        if link is None:
            link = (body.get("links") or {}).get("next")
        if not link:
            break
        # ``next`` carries the query already.
        url, query = link, None
    return items
