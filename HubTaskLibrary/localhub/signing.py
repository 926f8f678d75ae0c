"""The local hub's collection signing service: a GPG key, a signing script, a registration.

What galaxy_ng 4.9.2 needs before its UI shows "Sign and approve" (its
``_ui/v1/feature-flags/`` computes ``collection_auto_sign`` from these):

- a pulpcore ``SigningService`` row (``pulpcore-manager add-signing-service
  NAME SCRIPT KEY``, class ``core:AsciiArmoredDetachedSigningService``, the
  one galaxy_ng signs collections with); the command signs a test file with
  the script and checks the signature before it stores the row;
- ``GALAXY_COLLECTION_SIGNING_SERVICE`` naming that row and
  ``GALAXY_AUTO_SIGN_COLLECTIONS = True`` (then a move to ``published`` runs
  galaxy_ng's ``sign_and_move`` task); ``GALAXY_REQUIRE_SIGNATURE_FOR_APPROVAL``
  stays False, or the UI asks for an uploaded signature instead.

The key is made once per state folder with Debian's gnupg (installed with
apt-get when ``gpg`` is missing) in a GnuPG home of its own, without a
passphrase: it signs test content on a loopback hub, nothing else. The row
lives in the database, so it is checked (one psql query) on every ``up`` and
``reset``; a hub whose template predates signing gets it registered again
after a reset.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from . import install
from .errors import HubStepError
from .state import HubPaths, write_atomic

SERVICE_NAME = "ansible-default"
SERVICE_CLASS = "core:AsciiArmoredDetachedSigningService"
KEY_USER_ID = "HubTaskLibrary local hub <hubtask-signing@localhost>"
DEBIAN_PACKAGE = "gnupg"


def settings_values() -> dict[str, object]:
    """What the hub's settings file needs for signing (see the module docstring)."""
    return {
        "GALAXY_COLLECTION_SIGNING_SERVICE": SERVICE_NAME,
        "GALAXY_AUTO_SIGN_COLLECTIONS": True,
        "GALAXY_REQUIRE_SIGNATURE_FOR_APPROVAL": False,
    }


def signing_dir(paths: HubPaths) -> Path:
    return paths.root / "signing"


def gnupg_home(paths: HubPaths) -> Path:
    return signing_dir(paths) / "gnupg"


def script_path(paths: HubPaths) -> Path:
    return signing_dir(paths) / "collection_sign.sh"


def render_script(gpg: str, home: Path) -> str:
    """The signing script pulpcore runs: ``$1`` is the file to sign (MANIFEST.json);
    it must print ``{"file": ..., "signature": ...}``. pulpcore passes the key in
    ``PULP_SIGNING_KEY_FINGERPRINT``."""
    return "\n".join(
        [
            "#!/bin/sh",
            "# Written by hubtask: detached ASCII-armoured signature of $1 (pulpcore signing).",
            "set -e",
            f"export GNUPGHOME={shlex.quote(str(home))}",
            'out="$1.asc"',
            f"{shlex.quote(gpg)} --batch --quiet --yes --pinentry-mode loopback --passphrase '' \\",
            '  --local-user "$PULP_SIGNING_KEY_FINGERPRINT" --detach-sign --armor \\',
            '  --output "$out" "$1"',
            'printf \'{"file": "%s", "signature": "%s"}\\n\' "$1" "$out"',
            "",
        ]
    )


def fingerprint_from_colons(listing: str) -> str | None:
    """The first primary key's fingerprint in ``gpg --with-colons`` output."""
    primary = False
    for line in listing.splitlines():
        fields = line.split(":")
        if fields[0] in ("sec", "pub"):
            primary = True
        elif fields[0] == "fpr" and primary and len(fields) > 9 and fields[9]:
            return fields[9]
    return None


def registered_sql(name: str = SERVICE_NAME) -> str:
    return (
        f"SELECT pubkey_fingerprint || ' ' || script FROM core_signingservice WHERE name = '{name}'"
    )


class SigningSetup:
    """Key, script and service registration of one local hub."""

    def __init__(self, paths: HubPaths, say: Callable[[str], None]) -> None:
        self.paths = paths
        self.say = say

    @property
    def log(self) -> Path:
        return self.paths.log("signing")

    def gpg(self) -> str:
        """Debian's gpg, installed with apt-get when missing."""
        found = shutil.which("gpg")
        if found is None:
            install.ensure_system_packages(self.log, self.say, (DEBIAN_PACKAGE,))
            found = shutil.which("gpg")
        if found is None:
            raise HubStepError(
                "signing", f"gpg not found after installing {DEBIAN_PACKAGE}", self.log
            )
        return found

    def _gpg(self, *args: str) -> str:
        home = gnupg_home(self.paths)
        argv = [self.gpg(), "--homedir", str(home), "--batch", *args]
        proc = subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        with open(self.log, "a") as out:
            out.write(f"\n=== {' '.join(argv)}\n{proc.stdout}{proc.stderr}")
        if proc.returncode != 0:
            raise HubStepError("signing", f"gpg {args[0]} failed", self.log)
        return proc.stdout

    def ensure_key(self) -> str:
        """The key's fingerprint; the key is generated the first time (ed25519: instant)."""
        home = gnupg_home(self.paths)
        home.mkdir(parents=True, exist_ok=True)
        home.chmod(0o700)  # gpg warns about (and agents refuse) looser homes
        self.log.parent.mkdir(parents=True, exist_ok=True)
        fingerprint = fingerprint_from_colons(self._gpg("--with-colons", "--list-secret-keys"))
        if fingerprint is None:
            self.say("generating the GPG key of the signing service")
            self._gpg(
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                "",
                "--quick-generate-key",
                KEY_USER_ID,
                "ed25519",
                "sign",
                "never",
            )
            fingerprint = fingerprint_from_colons(self._gpg("--with-colons", "--list-secret-keys"))
        if fingerprint is None:
            raise HubStepError("signing", "gpg made no key", self.log)
        return fingerprint

    def write_script(self) -> Path:
        path = script_path(self.paths)
        write_atomic(path, render_script(self.gpg(), gnupg_home(self.paths)), mode=0o755)
        return path

    def prepare(self) -> str:
        """Key and script (files only, no database); returns the fingerprint."""
        fingerprint = self.ensure_key()
        self.write_script()
        return fingerprint

    def needs_registration(self, psql: Callable[[str], str], fingerprint: str) -> bool:
        """True unless the row exists for this key and script."""
        row = psql(registered_sql())
        if not row:
            return True
        registered_fpr, _, registered_script = row.partition(" ")
        if (registered_fpr, registered_script) == (
            fingerprint,
            str(script_path(self.paths).resolve()),
        ):
            return False
        raise HubStepError(
            "signing",
            f"signing service '{SERVICE_NAME}' is registered with another key or script "
            f"({row}); `hubtask hub down`, remove {signing_dir(self.paths)} and the database "
            "folder, then `hubtask hub up` again",
        )

    def register_argv(self, fingerprint: str) -> list[str]:
        """The ``pulpcore-manager`` arguments that store the service."""
        return [
            "add-signing-service",
            SERVICE_NAME,
            str(script_path(self.paths).resolve()),
            fingerprint,
            "--class",
            SERVICE_CLASS,
            "--gnupghome",
            str(gnupg_home(self.paths)),
        ]

    def stop_agent(self) -> None:
        """gpg starts a gpg-agent per GnuPG home; ours goes down with the hub."""
        home = gnupg_home(self.paths)
        gpgconf = shutil.which("gpgconf")
        if gpgconf is None or not home.is_dir():
            return
        subprocess.run(
            [gpgconf, "--homedir", str(home), "--kill", "all"],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            check=False,
        )
