"""Keywords of the approval flow: reject, sign, signatures, remove from a repository,
and reading a repository back."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from robot.api import logger
from robotlibcore import keyword

from ..client.errors import HubError
from ..client.pipelines import NotInPipelineError, rejection_sources
from ..client.references import TaskRef
from ..client.repositories import version_number
from .base import KeywordGroup


def _label(namespace: str, name: str, version: str | None) -> str:
    return f"{namespace}.{name}" + (f" {version}" if version else "")


class ApprovalKeywords(KeywordGroup):
    @keyword(tags=["collection", "approval"])
    def reject_collection(
        self,
        namespace: str,
        name: str,
        version: str | None = None,
        wait: bool | None = None,
        timeout: timedelta | None = None,
    ) -> list[TaskRef]:
        """Rejects a collection version: moves it to the repository labelled ``rejected``.

        As the approval dashboard's "Reject": the version moves from the
        repository it is in (labelled ``staging``, or ``approved`` once
        approved) to the one repository labelled ``pipeline=rejected``; a
        version already in it is only removed from the other repository.
        Without ``version`` every version of the collection found in a
        staging or approved repository is rejected. Waits (by default) for
        every task it starts and returns them. Fails at once, with where the
        version is instead, if it is in no staging or approved repository.

        | Reject Collection | ns1 | tools | 1.0.0 |
        | Collection Should Exist | ns1 | tools | 1.0.0 | repository=rejected |
        """
        label = _label(namespace, name, version)
        refs: list[TaskRef] = []
        with self.ctx.operation(timeout):
            client = self.client
            placements = client.search.placements(namespace, name, version)
            sources = rejection_sources(label, placements)
            rejected = client.pipelines.repository_with_pipeline("rejected")
            already = {p.version for p in placements if p.repository == rejected}
            for source in sources:
                if source.version in already:
                    refs.append(
                        client.repositories.remove_content(
                            source.repository, [source.content_href], source.label
                        )
                    )
                    continue
                refs.append(
                    client.collections.move(
                        source.namespace, source.name, source.version, source.repository, rejected
                    )
                )
                already.add(source.version)
            logger.info(
                f"Rejecting {label}: from {', '.join(sorted({s.repository for s in sources}))} "
                f"to {rejected}."
            )
            if self.ctx.should_wait(wait):
                self.ctx.wait_for(refs, timeout, what=f"rejection of {label}")
        return refs

    @keyword(tags=["collection", "signing"])
    def sign_collection(
        self,
        namespace: str,
        name: str,
        version: str | None = None,
        repository: str = "staging",
        signing_service: str | None = None,
        wait: bool | None = None,
        timeout: timedelta | None = None,
    ) -> TaskRef:
        """Signs a collection version (every version without ``version``) in ``repository``.

        Uses the hub's collection signing service (``signing_service`` picks
        another by name) and waits (by default) for the signing task. On a
        hub without a signing service it fails at once, saying so.
        ``repository`` is the distribution base path (the repository's name
        for the hub's own repositories).

        | Sign Collection | ns1 | tools | 1.0.0 |
        | Collection Should Be Signed | ns1 | tools | 1.0.0 | repository=staging |
        """
        label = _label(namespace, name, version)
        with self.ctx.operation(timeout):
            _support, service = self.client.signing.require(signing_service)
            ref = self._sign(namespace, name, version, repository, service, label)
            if self.ctx.should_wait(wait):
                self.ctx.wait_for(ref, timeout, what=f"signing of {label}")
        return ref

    def _sign(
        self,
        namespace: str,
        name: str,
        version: str | None,
        repository: str,
        service: str,
        label: str,
    ) -> TaskRef:
        # Said here rather than by the hub's "No content units found for: {...}".
        if not self.client.collections.exists(namespace, name, version, repository):
            raise NotInPipelineError(
                f"Cannot sign {label}: it is not in repository '{repository}'."
            )
        ref = self.client.signing.sign(namespace, name, version, repository, service)
        logger.info(f"Signing {label} in {repository} with '{service}': task {ref.uuid}.")
        return ref

    @keyword(tags=["collection", "signing", "assertion"])
    def collection_should_be_signed(
        self,
        namespace: str,
        name: str,
        version: str | None = None,
        repository: str = "published",
        message: str | None = None,
    ) -> None:
        """Fails unless the version (every version without ``version``) is signed in ``repository``.

        Reads the signatures the hub lists on the version (``signatures`` of
        its v3 detail) and logs their key fingerprints.

        | Approve Collection | ns1 | tools | 1.0.0 | sign=True |
        | Collection Should Be Signed | ns1 | tools | 1.0.0 |
        """
        label = _label(namespace, name, version)
        with self.ctx.operation():
            versions = self._versions_in(namespace, name, version, repository)
            if not versions:
                raise HubError(
                    message or f"Collection {label} is not in repository '{repository}'."
                )
            unsigned = []
            for each in versions:
                signatures = self.client.signing.signatures(namespace, name, each, repository)
                if not signatures:
                    unsigned.append(each)
                    continue
                keys = ", ".join(str(s.get("pubkey_fingerprint")) for s in signatures)
                logger.info(f"{namespace}.{name} {each} in {repository} is signed by {keys}.")
            if unsigned:
                raise HubError(
                    message
                    or f"Collection {namespace}.{name} {', '.join(unsigned)} in repository "
                    f"'{repository}' has no signature."
                )

    @keyword(tags=["collection", "signing"])
    def get_collection_signatures(
        self, namespace: str, name: str, version: str, repository: str = "published"
    ) -> list[dict[str, Any]]:
        """Returns the signatures the hub lists for a collection version in ``repository``.

        Each is a dictionary with ``signature`` (the ASCII-armoured text),
        ``pubkey_fingerprint``, ``signing_service`` and ``pulp_created``.

        | ${signatures} = | Get Collection Signatures | ns1 | tools | 1.0.0 |
        | Length Should Be | ${signatures} | 1 |
        """
        with self.ctx.operation():
            return self.client.signing.signatures(namespace, name, version, repository)

    def _versions_in(
        self, namespace: str, name: str, version: str | None, repository: str
    ) -> list[str]:
        placements = self.client.search.placements(namespace, name, version, repository)
        found = sorted({p.version for p in placements})
        # Repositories without a distribution are not in the search index.
        if (
            not found
            and version is not None
            and self.client.collections.exists(namespace, name, version, repository)
        ):
            found = [version]
        return found

    @keyword(tags=["collection", "repository"])
    def remove_collection_from_repository(
        self,
        namespace: str,
        name: str,
        version: str | None = None,
        repository: str = "published",
        wait: bool | None = None,
        timeout: timedelta | None = None,
    ) -> TaskRef:
        """Removes a collection version (every version without ``version``) from ``repository``.

        The UI's "Remove version from repository" / "Remove collection from
        repository": the content leaves that repository only (a new
        repository version), unlike `Delete Collection`, which deletes it from
        every repository. Waits (by default) for the task. Fails at once if
        nothing matching is in the repository.

        | Remove Collection From Repository | ns1 | tools | 1.0.0 | repository=repo2 |
        | Collection Should Not Exist | ns1 | tools | 1.0.0 | repository=repo2 |
        """
        label = _label(namespace, name, version)
        with self.ctx.operation(timeout):
            placements = self.client.search.placements(namespace, name, version, repository)
            hrefs = sorted({p.content_href for p in placements})
            if not hrefs:
                raise NotInPipelineError(
                    f"Cannot remove {label} from repository '{repository}': it is not in it."
                )
            ref = self.client.repositories.remove_content(repository, hrefs, label)
            self.ctx.log_link(ref)
            if self.ctx.should_wait(wait):
                self.ctx.wait_for(ref, timeout, what=f"removal of {label} from {repository}")
        return ref

    @keyword(tags=["repository"])
    def get_repository(self, name: str) -> dict[str, Any]:
        """Returns repository ``name`` as the hub describes it, plus three read-back fields.

        ``pipeline`` (its pipeline label or ``None``), ``remote_name`` (the
        name of its remote or ``None``) and ``latest_version`` (the number of
        its latest repository version); the hub's own fields such as
        ``retain_repo_versions``, ``private`` and ``pulp_labels`` are there too.

        | ${repo} = | Get Repository | myrepo |
        | Should Be Equal | ${repo}[pipeline] | approved |
        """
        with self.ctx.operation():
            return self.client.repositories.describe(name)

    @keyword(tags=["repository"])
    def get_repository_version(self, name: str) -> int:
        """Returns the number of repository ``name``'s latest version (0 when new).

        Every change of its content (a copy, a removal) makes a new version.

        | ${before} = | Get Repository Version | myrepo |
        | Copy Collection | ns1 | tools | 1.0.0 | published | myrepo |
        | ${after} = | Get Repository Version | myrepo |
        | Should Be True | ${after} > ${before} |
        """
        with self.ctx.operation():
            found = self.client.repositories.find("repository", name)
            return version_number(found.get("latest_version_href")) or 0
