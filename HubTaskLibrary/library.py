"""The ``HubTaskLibrary`` Robot Framework library class."""

from __future__ import annotations

from datetime import timedelta

from robot.api import logger
from robotlibcore import DynamicCore

from .browser import browser_components
from .client.errors import HubError
from .keywords import (
    CleanupKeywords,
    CollectionKeywords,
    ConsoleKeywords,
    LibraryContext,
    NamespaceKeywords,
    RepositoryKeywords,
    Settings,
    TaskKeywords,
)
from .keywords.context import DEFAULT_TIMEOUT
from .version import __version__


class HubTaskLibrary(DynamicCore):
    """HubTaskLibrary tests Ansible Automation Hub (galaxy_ng) and waits for its tasks right.

    Almost every change on the hub (create a namespace, upload, approve or
    delete a collection, sync a repository) runs as a Pulp *task*: the API
    answers at once and the change happens later. The keywords of this
    library make the change *and* wait for the task it started (and for the
    tasks that task started), so that when a keyword returns, the change is
    visible. A task that fails, is canceled or runs out of time fails the
    keyword with the task's own error, its name and a link to it in the UI.

    = Connecting =

    | *** Settings ***
    | Library    HubTaskLibrary    base_url=http://127.0.0.1:8080    username=admin    password=admin

    Without ``base_url`` the environment is read: ``HUB_URL``,
    ``HUB_USERNAME``, ``HUB_PASSWORD``, ``HUB_TOKEN``, ``HUB_API_PREFIX``
    (and ``HUB_CONSOLE_COMMAND``). ``hubtask hub up`` starts a real local hub
    and ``eval "$(hubtask hub env)"`` exports those variables for it.

    = Task references =

    Every ``task`` argument takes any reference the hub hands out: a pulp
    task href, a galaxy ``v3/tasks/`` href, an import URL, a bare uuid, a task
    dictionary, or what a keyword of this library returned. A reference
    returned by a keyword remembers every task its request started (an
    approval starts a copy and a remove task), and waiting on it waits for
    all of them.

    = Waiting =

    Keywords that start tasks take ``wait`` (default: the ``auto_wait``
    import setting, true) and ``timeout`` (default: the ``timeout`` import
    setting, 1 minute). Polling starts at once, looks again quickly (0.1 s,
    growing to one look every 0.6 s, never more than 2 per second on average
    over a long wait) and learns how long each kind of task runs, so that
    short tasks return fast and long ones cost few requests. ``canceling`` is
    not a final state. Transient failures (connection errors, 429 honouring
    Retry-After, 502, 503, 504) are retried with jittered backoff within the
    keyword's timeout; any other error fails at once with the hub's message.

    | *** Test Cases ***
    | Seed Scenario
    |     Create Namespace      ns1
    |     Upload Collection     ns1    collection1    wait=False
    |     Upload Collection     ns1    collection2    wait=False
    |     Upload Collection     ns1    collection3    wait=False
    |     Wait For All Tasks
    |     Approve Collection    ns1    collection1
    |     ${task} =    Delete Collection    ns1    collection1    wait=False
    |     Wait For Task    ${task}

    = Parallel suites =

    Each library instance sends its own correlation id, which Pulp stores on
    every task a request starts; ``Wait For All Tasks    scope=mine`` waits
    only for those, so pabot processes sharing a hub do not wait for each
    other.

    = Secrets =

    Passwords and tokens travel only in request headers; they are never
    logged or put in error messages.
    """

    ROBOT_LIBRARY_SCOPE = "GLOBAL"
    ROBOT_LIBRARY_VERSION = __version__
    ROBOT_LIBRARY_DOC_FORMAT = "ROBOT"

    def __init__(
        self,
        *,
        base_url: str | None = None,
        username: str | None = None,
        password: str | None = None,
        token: str | None = None,
        api_prefix: str | None = None,
        timeout: timedelta = DEFAULT_TIMEOUT,
        verify_ssl: bool | str = True,
        auto_wait: bool = True,
        console_command: str | None = None,
        cleanup: bool = False,
        ui_auto_wait: bool = False,
    ) -> None:
        """Connects to a hub; all arguments are optional and named.

        | =Argument= | =Meaning= |
        | ``base_url`` | Hub address, e.g. ``http://127.0.0.1:8080``. Default: ``HUB_URL``. |
        | ``username``, ``password`` | Basic auth. Default: ``HUB_USERNAME``/``HUB_PASSWORD``. |
        | ``token`` | API token (``Authorization: Token ...``) instead of basic auth. |
        | ``api_prefix`` | ``/api/automation-hub/`` or ``/api/galaxy/``; discovered when not given. |
        | ``timeout`` | Default timeout of keywords and waits, e.g. ``30s`` or ``2 min``. |
        | ``verify_ssl`` | ``True`` (default), ``False``, or the path of a CA bundle. |
        | ``auto_wait`` | Whether keywords that start tasks wait for them by default. |
        | ``console_command`` | Command line that runs the hub's Django console reading stdin. |
        | ``cleanup`` | When true, `Delete Created Resources` runs at the end of every suite that uses this library instance; problems are logged as warnings. |
        | ``ui_auto_wait`` | When true, after each Browser library keyword that led the hub UI page to start tasks, the library waits for those tasks (see `Wait For UI Tasks`); a task that fails fails that keyword. |

        | Library | HubTaskLibrary | base_url=https://hub.example.com | token=%{HUB_TOKEN} |
        | Library | HubTaskLibrary | timeout=2 min | auto_wait=False |
        """
        self.ctx = LibraryContext(
            Settings.from_arguments(
                base_url,
                username,
                password,
                token,
                api_prefix,
                timeout,
                verify_ssl,
                auto_wait,
                console_command,
            )
        )
        cleanup_keywords = CleanupKeywords(self.ctx)
        ui_groups, ui_listener = browser_components(self.ctx, ui_auto_wait)
        self.ROBOT_LIBRARY_LISTENER = [
            _CloseListener(self.ctx, cleanup_keywords if cleanup else None),
            ui_listener,
        ]
        super().__init__(
            [
                cleanup_keywords,
                NamespaceKeywords(self.ctx),
                CollectionKeywords(self.ctx),
                RepositoryKeywords(self.ctx),
                TaskKeywords(self.ctx),
                ConsoleKeywords(self.ctx),
                *ui_groups,
            ]
        )


class _CloseListener:
    """Closes the HTTP session and removes temporary artifacts when Robot closes the library;
    with ``cleanup=True`` also deletes what the library created at the end of each suite."""

    ROBOT_LISTENER_API_VERSION = 3

    def __init__(self, ctx: LibraryContext, cleanup: CleanupKeywords | None = None):
        self.ctx = ctx
        self.cleanup = cleanup

    def end_suite(self, data: object, result: object) -> None:
        if self.cleanup is None or not self.ctx.created:
            return
        try:
            self.cleanup.delete_created_resources()
        except HubError as err:
            logger.warn(f"Cleanup at the end of the suite: {err}")

    def close(self) -> None:
        self.ctx.close()
