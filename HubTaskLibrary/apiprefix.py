"""The one API-prefix normaliser of the package (client and local hub alike).

Standard library only: the local hub manager uses it before anything else of
the library is installed.
"""

from __future__ import annotations

from .errors import InvalidArgumentError

# What a URL path segment of an API prefix may hold.
_SEGMENT_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


def normalize_prefix(prefix: str, what: str = "api_prefix") -> str:
    """One canonical form with a leading and a trailing slash.

    ``api/galaxy``, ``/api/galaxy`` and ``//api//galaxy/`` give ``/api/galaxy/``;
    ``/`` stays ``/`` (plain Pulp serves ``/pulp/api/v3/`` from the root).
    Raises :class:`InvalidArgumentError` (naming ``what``) for an empty prefix
    or one with characters a URL path segment cannot hold.
    """
    text = str(prefix).strip()
    if not text:
        raise InvalidArgumentError(
            f"{what} {prefix!r} is empty: give e.g. /api/galaxy/ (or / for the root)."
        )
    parts = [part for part in text.split("/") if part]
    for part in parts:
        if not set(part) <= _SEGMENT_CHARACTERS:
            raise InvalidArgumentError(
                f"{what} {prefix!r} has characters a URL path can't hold: give e.g. /api/galaxy/."
            )
    return "/" + "".join(f"{part}/" for part in parts)


__all__ = ["normalize_prefix"]
