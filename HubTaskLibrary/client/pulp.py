"""Plain Pulp as a target: a pulpcore server without galaxy_ng.

Every Pulp service (files, containers, RPMs) has the task system this library
waits on; only the galaxy API (namespaces, collections, approvals, the UI) is
galaxy_ng's. The rule used throughout: galaxy_ng always serves its API under
a prefix (``/api/galaxy/``, ``/api/automation-hub/``), so an API prefix of
``/`` means plain Pulp, and every path relative to the prefix that does not
start with ``pulp/`` is a galaxy path, which such a server does not have.
"""

from __future__ import annotations

import re

from .errors import HubError, InvalidArgumentError

PULP_ROOT_PREFIX = "/"
PULP_API = "pulp/api/v3/"
STATUS_PATH = PULP_API + "status/"
TASKS_PATH = PULP_API + "tasks/"
# pulpcore 3.123 (not 3.28): POST with basic auth -> 201, sessionid + csrftoken.
LOGIN_PATH = PULP_API + "login/"
_DOMAIN = re.compile(r"^[A-Za-z0-9_-]+$")


class NoGalaxyApiError(HubError):
    """A galaxy-only request aimed at a plain Pulp server."""


def normalize_domain(domain: str | None) -> str | None:
    """A Pulp domain name, or None for servers without domains."""
    if domain is None:
        return None
    text = str(domain).strip().strip("/")
    if not text or text.lower() == "none":
        return None
    if not _DOMAIN.match(text):
        raise InvalidArgumentError(
            f"domain '{domain}' is not a Pulp domain name: use letters, digits, '-' and '_'."
        )
    return text


def in_domain(path: str, domain: str | None) -> str:
    """``pulp/api/v3/...`` -> ``pulp/<domain>/api/v3/...`` when a domain is set
    (Pulp with domains enabled serves every API path that way)."""
    if domain and path.startswith(PULP_API):
        return f"pulp/{domain}/api/v3/{path[len(PULP_API) :]}"
    return path


def is_galaxy_path(path: str) -> bool:
    """A path relative to the API prefix that only galaxy_ng serves."""
    return not path.startswith(("pulp/", "/", "http://", "https://"))


def no_galaxy_error(base_url: str, method: str, path: str) -> NoGalaxyApiError:
    return NoGalaxyApiError(
        f"{base_url} is plain Pulp (api_prefix=/): it has no galaxy API, so "
        f"{method} {path.split('?')[0]} cannot work there; use this keyword against "
        "Automation Hub (galaxy_ng), or the task keywords and Sync File Repository here."
    )
