"""Settings that let the local hub serve execution environments (pulp_container).

galaxy_ng 4.9.2 ships pulp_container 2.15; its registry (``/v2/``) and its
token server (``/token/``) are served by the API process. Pushing needs the
registry's token authentication: pulp_container signs bearer tokens with a
private key and checks them with the public key (``PRIVATE_KEY_PATH``,
``PUBLIC_KEY_PATH``, ``TOKEN_SIGNATURE_ALGORITHM``), and names the token
server it sends clients to in ``TOKEN_SERVER`` (also the tokens' issuer).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import HubStepError
from .state import HubPaths

# An EC P-256 key signs ES256 tokens (the algorithm pulp_container's docs use).
TOKEN_SIGNATURE_ALGORITHM = "ES256"

# Runs in the hub's venv, where pulpcore's own dependency `cryptography` lives.
_KEYGEN = """\
import sys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

key = ec.generate_private_key(ec.SECP256R1())
private = key.private_bytes(
    serialization.Encoding.PEM,
    serialization.PrivateFormat.PKCS8,
    serialization.NoEncryption(),
)
public = key.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
)
sys.stdout.write(private.decode() + "\\x00" + public.decode())
"""


def private_key_path(paths: HubPaths) -> Path:
    return paths.etc / "container_auth_private_key.pem"


def public_key_path(paths: HubPaths) -> Path:
    return paths.etc / "container_auth_public_key.pem"


def ensure_token_keys(paths: HubPaths) -> None:
    """The key pair that signs and checks registry tokens; made once per hub."""
    private, public = private_key_path(paths), public_key_path(paths)
    if private.exists() and public.exists() and private.stat().st_size and public.stat().st_size:
        return
    proc = subprocess.run(
        [str(paths.bin / "python"), "-c", _KEYGEN], capture_output=True, text=True, timeout=60
    )
    if proc.returncode != 0 or "\x00" not in proc.stdout:
        raise HubStepError(
            "token-keys", f"could not make the registry's key pair: {proc.stderr[-300:]}"
        )
    private_pem, public_pem = proc.stdout.split("\x00", 1)
    paths.etc.mkdir(parents=True, exist_ok=True)
    for path, text, mode in ((private, private_pem, 0o600), (public, public_pem, 0o644)):
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text)
        tmp.chmod(mode)
        tmp.replace(path)


def container_settings(api_url: str, paths: HubPaths) -> dict[str, object]:
    """pulp_container's token-auth settings for a hub whose API is at ``api_url``."""
    return {
        "TOKEN_AUTH_DISABLED": False,
        "TOKEN_SERVER": f"{api_url}/token/",
        "TOKEN_SIGNATURE_ALGORITHM": TOKEN_SIGNATURE_ALGORITHM,
        "PRIVATE_KEY_PATH": str(private_key_path(paths)),
        "PUBLIC_KEY_PATH": str(public_key_path(paths)),
    }
