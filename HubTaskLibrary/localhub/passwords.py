"""Django password hashes made with the standard library.

Changing the admin password of an existing hub by writing the hash straight into
the user table takes a fraction of a second; `pulpcore-manager
reset-admin-password` needs a full Django start (3 s or more on a busy machine).
"""

from __future__ import annotations

import base64
import hashlib
import secrets

# Django 4.2's PBKDF2PasswordHasher default; Django re-hashes on login if it changes.
PBKDF2_ITERATIONS = 600_000


def django_pbkdf2_sha256(password: str, salt: str | None = None) -> str:
    """The value Django stores for ``password`` (``pbkdf2_sha256$iter$salt$hash``)."""
    salt = salt or secrets.token_hex(11)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), PBKDF2_ITERATIONS)
    return f"pbkdf2_sha256${PBKDF2_ITERATIONS}${salt}${base64.b64encode(digest).decode()}"
