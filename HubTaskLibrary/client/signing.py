"""Collection signing: the hub's signing service, signing on demand, signatures.

Facts from galaxy_ng 4.9.2 (read in its sources, seen on the local hub):
``_ui/v1/feature-flags/`` says whether the hub can create signatures
(``can_create_signatures``: a ``GALAXY_COLLECTION_SIGNING_SERVICE`` is set and
that SigningService exists) and whether an approval signs by itself
(``collection_auto_sign``: also ``GALAXY_AUTO_SIGN_COLLECTIONS``; the UI then
labels the approve button "Sign and approve" and the move endpoint starts one
``sign_and_move`` task). ``_ui/v1/settings/`` names the service. Signing on
demand is ``POST _ui/v1/collection_signing/`` with ``signing_service``,
``distro_base_path``, ``namespace``, ``collection``, ``version`` and answers
``{"task_id": ...}``. A version's signatures are listed on its v3 detail.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from .area import Area
from .artifacts import check_name, check_version
from .errors import HubError, HubHTTPError
from .references import TaskRef


class SigningUnavailableError(HubError):
    """The hub cannot create signatures (no signing service configured)."""


@dataclass(frozen=True)
class SigningSupport:
    service: str | None
    can_sign: bool
    auto_sign: bool
    require_signature: bool


class Signing(Area):
    def support(self) -> SigningSupport:
        flags = self.session.get_json("_ui/v1/feature-flags/")
        settings: dict[str, Any] = {}
        # Older hubs: the flags alone decide, the service name stays unknown.
        with contextlib.suppress(HubHTTPError):
            settings = self.session.get_json("_ui/v1/settings/")
        return SigningSupport(
            service=settings.get("GALAXY_COLLECTION_SIGNING_SERVICE") or None,
            can_sign=bool(flags.get("can_create_signatures")),
            auto_sign=bool(flags.get("collection_auto_sign")),
            require_signature=bool(flags.get("require_upload_signatures")),
        )

    def require(self, service: str | None = None) -> tuple[SigningSupport, str]:
        """The signing service to use, or one line saying why the hub cannot sign."""
        support = self.support()
        if service is None:
            if not support.can_sign or not support.service:
                raise SigningUnavailableError(
                    "The hub has no collection signing service, so it cannot sign: configure "
                    "one (GALAXY_COLLECTION_SIGNING_SERVICE and `add-signing-service`; "
                    "`hubtask hub up` does it for the local hub)."
                )
            return support, support.service
        body = self.session.get_json("pulp/api/v3/signing-services/", params={"name": service})
        if not body.get("results"):
            raise SigningUnavailableError(
                f"Signing service '{service}' does not exist on the hub: give the name of "
                f"an existing one, or leave signing_service out to use the hub's "
                f"({support.service or 'none configured'})."
            )
        return support, service

    def sign(
        self,
        namespace: str,
        name: str,
        version: str | None,
        repository: str,
        service: str,
    ) -> TaskRef:
        body: dict[str, Any] = {
            "signing_service": service,
            "distro_base_path": repository,
            "namespace": check_name(namespace, "namespace"),
            "collection": check_name(name, "collection"),
        }
        if version is not None:
            body["version"] = check_version(version)
        label = f"{namespace}.{name}" + (f" {version}" if version else "")
        try:
            response = self.session.request("POST", "_ui/v1/collection_signing/", json=body)
        except HubHTTPError as err:
            raise type(err)(
                f"Cannot sign {label} in repository '{repository}': {err.hub_message}",
                err.status,
                err.method,
                err.url,
                err.body,
            ) from None
        return self.task_ref(response, f"Signing of {label}", "sign")

    def signatures(
        self, namespace: str, name: str, version: str, repository: str
    ) -> list[dict[str, Any]]:
        path = (
            f"v3/plugin/ansible/content/{repository}/collections/index/"
            f"{check_name(namespace, 'namespace')}/{check_name(name, 'collection')}/"
            f"versions/{check_version(version)}/"
        )
        return list(self.session.get_json(path).get("signatures") or [])
