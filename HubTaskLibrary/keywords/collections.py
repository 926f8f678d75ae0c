"""Keywords for collections: build, upload, approve, move, copy, delete, deprecate."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from robot.api import logger
from robotlibcore import keyword

from ..client.artifacts import build_collection
from ..client.errors import HubError
from ..client.references import TaskRef
from .base import KeywordGroup


class CollectionKeywords(KeywordGroup):
    @keyword(tags=["collection"])
    def build_collection(
        self,
        namespace: str,
        name: str,
        version: str = "1.0.0",
        directory: str | None = None,
        dependencies: dict[str, str] | None = None,
        tags: list[str] | None = None,
    ) -> str:
        """Builds a valid collection artifact in Python and returns its path.

        The artifact (``namespace-name-version.tar.gz``) has MANIFEST.json,
        FILES.json with checksums, a README and ``meta/runtime.yml``: the hub's
        importer and ``ansible-galaxy`` accept it. No Ansible install needed.
        Building the same collection twice gives identical bytes. ``directory``
        defaults to a temporary folder removed when the library is closed.

        | ${path} = | Build Collection | ns1 | tools | 1.2.0 |
        | ${path} = | Build Collection | ns1 | app | dependencies={"ns1.tools": ">=1.0.0"} |
        """
        path = build_collection(
            namespace,
            name,
            version,
            directory or self.ctx.artifacts_dir,
            dependencies=dependencies,
            tags=tags or (),
        )
        logger.info(f"Built {path} ({path.stat().st_size} bytes).")
        return str(path)

    @keyword(tags=["collection"])
    def upload_collection(
        self,
        namespace: str,
        name: str,
        version: str = "1.0.0",
        path: str | None = None,
        wait: bool | None = None,
        timeout: timedelta | None = None,
    ) -> TaskRef:
        """Uploads a collection and returns its import task.

        Without ``path`` a valid artifact is built first (see `Build
        Collection`). With ``wait`` (default: the ``auto_wait`` import setting)
        the keyword waits for the import *and* the task the import dispatches
        to add the collection to staging, so on return the collection is
        visible; a failed import fails the keyword with the importer's message.

        | Upload Collection | ns1 | tools |
        | ${task} = | Upload Collection | ns1 | tools | 2.0.0 | wait=False |
        | Upload Collection | ns1 | broken | path=${CURDIR}/ns1-broken-1.0.0.tar.gz |
        """
        if path is None:
            path = self.build_collection(namespace, name, version)
        elif Path(path).name != f"{namespace}-{name}-{version}.tar.gz":
            logger.info(
                f"Uploading {Path(path).name} (namespace/name/version arguments are "
                f"{namespace}/{name}/{version})."
            )
        with self.ctx.operation(timeout):
            ref = self.client.collections.upload(path)
            self.ctx.remember("collection", namespace, name, version)
            self.ctx.log_link(ref)
            if self.ctx.should_wait(wait):
                self.ctx.wait_for(ref, timeout, what=f"import of {Path(path).name}")
        return ref

    @keyword(tags=["collection"])
    def approve_collection(
        self,
        namespace: str,
        name: str,
        version: str = "1.0.0",
        wait: bool | None = None,
        timeout: timedelta | None = None,
        sign: bool = False,
    ) -> TaskRef:
        """Approves a collection version: moves it from ``staging`` to ``published``.

        Waits (by default) for the tasks the move starts.

        With ``sign=True`` the version is also signed, as the approval
        dashboard's "Sign and approve" does: on a hub that signs on approval
        (``collection_auto_sign``, e.g. the local hub) the move itself signs
        (one ``sign_and_move`` task); otherwise the version is signed in
        ``staging`` first (the move takes the signature along). On a hub
        without a signing service it fails at once, before anything changes.
        ``sign=False`` leaves signing to the hub: a hub that signs on
        approval signs anyway.

        | Approve Collection | ns1 | tools | 1.0.0 |
        | Approve Collection | ns1 | tools | 1.0.0 | sign=True |
        """
        if not sign:
            return self.move_collection(
                namespace, name, version, "staging", "published", wait=wait, timeout=timeout
            )
        with self.ctx.operation(timeout):
            support, service = self.client.signing.require()
            if not support.auto_sign:
                ref = self.client.signing.sign(namespace, name, version, "staging", service)
                # The move must see the signature in staging: wait whatever ``wait`` says.
                self.ctx.wait_for(ref, timeout, what=f"signing of {namespace}.{name} {version}")
            return self._move(
                "move", namespace, name, version, "staging", "published", wait, timeout
            )

    @keyword(tags=["collection"])
    def move_collection(
        self,
        namespace: str,
        name: str,
        version: str,
        source: str,
        destination: str,
        wait: bool | None = None,
        timeout: timedelta | None = None,
    ) -> TaskRef:
        """Moves a collection version from repository ``source`` to ``destination``.

        | Move Collection | ns1 | tools | 1.0.0 | staging | rejected |
        """
        return self._move("move", namespace, name, version, source, destination, wait, timeout)

    @keyword(tags=["collection"])
    def copy_collection(
        self,
        namespace: str,
        name: str,
        version: str,
        source: str,
        destination: str,
        wait: bool | None = None,
        timeout: timedelta | None = None,
    ) -> TaskRef:
        """Copies a collection version from repository ``source`` to ``destination``.

        | Copy Collection | ns1 | tools | 1.0.0 | published | community |
        """
        return self._move("copy", namespace, name, version, source, destination, wait, timeout)

    def _move(
        self,
        action: str,
        namespace: str,
        name: str,
        version: str,
        source: str,
        destination: str,
        wait: bool | None,
        timeout: timedelta | None,
    ) -> TaskRef:
        with self.ctx.operation(timeout):
            ref = self.client.collections.move(
                namespace, name, version, source, destination, action
            )
            what = f"{action} of {namespace}.{name} {version} to {destination}"
            logger.info(f"Started {what}: tasks {', '.join(ref.uuids)}.")
            if self.ctx.should_wait(wait):
                self.ctx.wait_for(ref, timeout, what=what)
        return ref

    @keyword(tags=["collection"])
    def delete_collection(
        self,
        namespace: str,
        name: str,
        version: str | None = None,
        repository: str = "published",
        wait: bool | None = None,
        timeout: timedelta | None = None,
    ) -> TaskRef:
        """Deletes a collection (all versions) or one ``version`` of it.

        The hub answers 202 with a task and removes the collection from every
        repository; by default the keyword follows that task to completion.
        Fails with the hub's message if other collections depend on it.

        | Delete Collection | ns1 | tools |
        | ${task} = | Delete Collection | ns1 | tools | 1.0.0 | wait=False |
        | Wait For Task | ${task} |
        """
        with self.ctx.operation(timeout):
            ref = self.client.collections.delete(namespace, name, version, repository)
            self.ctx.log_link(ref)
            label = f"{namespace}.{name}" + (f" {version}" if version else "")
            if self.ctx.should_wait(wait):
                self.ctx.wait_for(ref, timeout, what=f"deletion of {label}")
            if version is None:
                self.ctx.forget("collection", namespace, name)
            else:
                self.ctx.forget("collection", namespace, name, version)
        return ref

    @keyword(tags=["collection"])
    def deprecate_collection(
        self,
        namespace: str,
        name: str,
        repository: str = "published",
        deprecated: bool = True,
        wait: bool | None = None,
        timeout: timedelta | None = None,
    ) -> TaskRef:
        """Marks a collection deprecated (or, with ``deprecated=False``, not).

        | Deprecate Collection | ns1 | tools |
        | Deprecate Collection | ns1 | tools | deprecated=False |
        """
        with self.ctx.operation(timeout):
            ref = self.client.collections.deprecate(namespace, name, repository, deprecated)
            if self.ctx.should_wait(wait):
                self.ctx.wait_for(ref, timeout, what=f"deprecation of {namespace}.{name}")
        return ref

    @keyword(tags=["collection", "assertion"])
    def collection_should_exist(
        self,
        namespace: str,
        name: str,
        version: str | None = None,
        repository: str = "published",
        message: str | None = None,
    ) -> None:
        """Fails unless the collection (or that ``version``) is in ``repository``.

        | Collection Should Exist | ns1 | tools |
        | Collection Should Exist | ns1 | tools | 1.0.0 | repository=staging |
        """
        with self.ctx.operation():
            if not self.client.collections.exists(namespace, name, version, repository):
                label = f"{namespace}.{name}" + (f" {version}" if version else "")
                raise HubError(
                    message or f"Collection {label} is not in repository '{repository}'."
                )

    @keyword(tags=["collection", "assertion"])
    def collection_should_not_exist(
        self,
        namespace: str,
        name: str,
        version: str | None = None,
        repository: str = "published",
        message: str | None = None,
    ) -> None:
        """Fails if the collection (or that ``version``) is in ``repository``.

        | Collection Should Not Exist | ns1 | tools |
        """
        with self.ctx.operation():
            if self.client.collections.exists(namespace, name, version, repository):
                label = f"{namespace}.{name}" + (f" {version}" if version else "")
                raise HubError(message or f"Collection {label} is in repository '{repository}'.")
