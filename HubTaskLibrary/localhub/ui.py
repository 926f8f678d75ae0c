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


WSGI_SOURCE = '''\
"""WSGI entry written by hubtask: pulpcore's application, fully loaded up front.

gunicorn runs it with --preload: the master imports Django, every view and URL
once, then forks its workers, so a start costs one app load instead of one per
worker (the first request would otherwise import all URL confs in each worker).
"""

from django.db import connections
from django.urls import get_resolver

from pulpcore.app.wsgi import application

get_resolver().url_patterns
# Forked workers must not share a database connection opened while loading.
connections.close_all()

__all__ = ["application"]
'''


GUNICORN_CONFIG_SOURCE = '''\
"""gunicorn hooks written by hubtask.

A stopping worker (and master) spends seconds of CPU tearing down its big Python
heap; gunicorn then waits for it up to its graceful timeout and SIGKILLs it. Once
a process has finished serving there is nothing left to save: end it at once.
"""

import os


def worker_exit(server, worker):
    os._exit(0)


def on_exit(server):
    os._exit(0)
'''


def write_python_modules(paths: HubPaths, urlconf: str, wsgi: str, gunicorn: str) -> None:
    """Our small modules, on the PYTHONPATH of every hub process."""
    modules = ((urlconf, URLCONF_SOURCE), (wsgi, WSGI_SOURCE), (gunicorn, GUNICORN_CONFIG_SOURCE))
    for module, source in modules:
        target = paths.pythonpath / f"{module}.py"
        if not target.exists() or target.read_text() != source:
            write_atomic(target, source)


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
