"""Serving galaxy_ng's bundled web UI without nginx.

pulpcore's URL conf has no route for ``/ui/...`` (nginx serves index.html in real
deployments), so the hub runs with a URL conf that answers every ``ui/...`` path
with ``STATIC_ROOT/galaxy_ng/index.html`` and then falls back to pulpcore's routes.
The shipped UI calls ``/api/galaxy/`` hard-coded, so for another API prefix the
collected JS is rewritten; the pristine JS in the installed package is the
untouched copy we rewrite from, so switching back always works.
"""

from __future__ import annotations

from pathlib import Path

from .state import HubPaths, write_atomic

SHIPPED_PREFIX = "/api/galaxy/"

URLCONF_SOURCE = '''\
"""URL conf written by hubtask: galaxy_ng's UI under /ui/, then pulpcore's routes."""

from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.urls import re_path
from django.views.decorators.csrf import ensure_csrf_cookie

from pulpcore.app.urls import urlpatterns as pulp_urlpatterns


@ensure_csrf_cookie
def ui_index(request, *args, **kwargs):
    # The UI is a single-page app: every ui/ path gets the same page, which then
    # routes itself; the CSRF cookie lets its login form POST.
    index = Path(settings.STATIC_ROOT) / "galaxy_ng" / "index.html"
    return HttpResponse(index.read_bytes(), content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"^ui(?:/.*)?$", ui_index), *pulp_urlpatterns]
'''


def write_urlconf(paths: HubPaths, module: str) -> None:
    target = paths.pythonpath / f"{module}.py"
    if not target.exists() or target.read_text() != URLCONF_SOURCE:
        write_atomic(target, URLCONF_SOURCE)


def shipped_js_dir(paths: HubPaths) -> Path | None:
    """The UI's JS inside the installed galaxy_ng package (never modified)."""
    found = sorted(paths.venv.glob("lib/python3*/site-packages/galaxy_ng/app/static/galaxy_ng/js"))
    return found[-1] if found else None


def rewrite_ui_prefix(paths: HubPaths, prefix: str) -> int:
    """Make the collected UI JS call ``prefix``; returns how many files changed.

    Always starts from the shipped files, so any earlier rewrite is undone.
    """
    source = shipped_js_dir(paths)
    target = paths.static / "galaxy_ng" / "js"
    if source is None or not target.is_dir():
        return 0
    changed = 0
    for shipped in source.glob("*.js"):
        text = shipped.read_text(encoding="utf-8")
        if SHIPPED_PREFIX not in text:
            continue
        wanted = text.replace(SHIPPED_PREFIX, prefix)
        collected = target / shipped.name
        if not collected.exists() or collected.read_text(encoding="utf-8") != wanted:
            write_atomic(collected, wanted)
            changed += 1
    return changed
