"""The stdlib Django hash matches Django's own PBKDF2 format."""

from __future__ import annotations

import base64
import hashlib

from HubTaskLibrary.localhub.passwords import PBKDF2_ITERATIONS, django_pbkdf2_sha256


def test_format_and_value() -> None:
    value = django_pbkdf2_sha256("S3cret pw", salt="abc")
    algorithm, iterations, salt, digest = value.split("$")
    assert (algorithm, iterations, salt) == ("pbkdf2_sha256", str(PBKDF2_ITERATIONS), "abc")
    expected = hashlib.pbkdf2_hmac("sha256", b"S3cret pw", b"abc", PBKDF2_ITERATIONS)
    assert base64.b64decode(digest) == expected


def test_random_salt() -> None:
    assert django_pbkdf2_sha256("x") != django_pbkdf2_sha256("x")
