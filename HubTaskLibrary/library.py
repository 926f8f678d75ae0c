"""The ``HubTaskLibrary`` Robot Framework library class."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from robot.api import logger
from robotlibcore import DynamicCore

from .browser import browser_components
from .client.errors import HubError
from .keywords import (
    ApprovalKeywords,
    CleanupKeywords,
    CollectionKeywords,
    ConsoleKeywords,
    ContainerKeywords,
    FileKeywords,
    HubCleanupKeywords,
    LibraryContext,
    LocalHubKeywords,
    NamespaceKeywords,
    RepositoryKeywords,
    Settings,
    TaskKeywords,
    UserKeywords,
)
from .keywords.context import DEFAULT_TIMEOUT
from .keywords.timeline import RUN, keyword_label
from .keywords.types import CONVERTERS
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
    setting, 1 minute; `Set Task Timeout` changes it for the run, a suite or
    a test).

    The first look comes at once, or when what was learned says the task
    can first be over; without such knowledge the next comes after 0.25 s
    and then every 0.4 to 0.6 s. Never more than 2 requests in a wait's
    first second, and never more than 2 per second on average over a
    longer wait. Looks are aimed at the end learned for tasks of that kind;
    a task still unfinished when that window closes is looked at every
    0.25 s for 2 s (as far as that average allows), then every 0.5 s.
    So short tasks return fast and long ones cost few requests.
    ``canceling`` is not a final state. A wait that runs out of time names
    the unfinished tasks with their last known state, and says why its last
    look failed when it did. Transient failures (connection errors, 429 honouring
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

    = Plain Pulp =

    The task keywords work against any pulpcore server, not only a hub:
    give ``api_prefix=/`` or let discovery find it (no galaxy prefix answers,
    ``pulp/api/v3/status/`` does). The library logs in through
    ``pulp/api/v3/login/`` where the server has it (pulpcore 3.123; basic auth
    otherwise). Keywords that need the galaxy API (namespaces, collections,
    approvals, the UI) fail at once there, saying so in one line.
    `Sync File Repository` starts real tasks on such a server.

    | Library | HubTaskLibrary | base_url=http://127.0.0.1:24817 | api_prefix=/ | username=admin | password=password |
    | ${task} = | Sync File Repository | files | remote_url=http://127.0.0.1:8000/PULP_MANIFEST | wait=False |
    | Wait For Task | ${task} |

    = Task timelines =

    Every keyword that waits logs, at INFO level, a small picture of the
    tasks it waited for: one bar per task from its creation to its end
    (light while queued, solid while running), children under their
    parents, coloured by final state (green completed, red failed, orange
    canceled), ticks where the library looked and a dashed line where the
    keyword returned. Hover a bar for its name, state, times and error. A
    wait longer than 10 s prints one progress line to the console every 10 s
    (``progress=False`` turns that off). At the end of the run (unless
    ``run_summary=False``)
    ``hubtask-tasks.html`` and ``hubtask-tasks.json`` next to output.xml list
    every task waited for, by suite and test, with queue, run and wait
    times; under pabot ``hubtask report OUTPUT_DIR`` merges the files of
    all processes. The pictures use only what the waits read: no request of
    their own.

    = Secrets =

    Passwords and tokens travel only in request headers; they are never
    logged or put in error messages.
    """

    ROBOT_LIBRARY_SCOPE = "GLOBAL"
    ROBOT_LIBRARY_VERSION = __version__
    ROBOT_LIBRARY_DOC_FORMAT = "ROBOT"
    ROBOT_LIBRARY_CONVERTERS = CONVERTERS

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
        domain: str | None = None,
        timeline: bool = True,
        progress: bool = True,
        run_summary: bool = True,
        ui_auto_wait: bool = False,
    ) -> None:
        """Connects to a hub; all arguments are optional and named.

        | =Argument= | =Meaning= |
        | ``base_url`` | Hub address, e.g. ``http://127.0.0.1:8080``. Default: ``HUB_URL``. |
        | ``username``, ``password`` | Basic auth. Default: ``HUB_USERNAME``/``HUB_PASSWORD``. |
        | ``token`` | API token (``Authorization: Token ...``) instead of basic auth. |
        | ``api_prefix`` | ``/api/automation-hub/``, ``/api/galaxy/``, or ``/`` for plain Pulp (see `Plain Pulp`); discovered when not given. |
        | ``timeout`` | Default timeout of keywords and waits, e.g. ``30s`` or ``2 min``. |
        | ``verify_ssl`` | ``True`` (default), ``False``, or the path of a CA bundle. |
        | ``auto_wait`` | Whether keywords that start tasks wait for them by default. |
        | ``console_command`` | Command line that runs the hub's Django console reading stdin. |
        | ``domain`` | Pulp domain (servers with domains enabled: paths become ``pulp/<domain>/api/v3/``). Default: ``HUB_DOMAIN``, else none. |
        | ``cleanup`` | When true, `Delete Created Resources` runs at the end of every suite that uses this library instance; problems are logged as warnings. |
        | ``timeline`` | When true (default), every waiting keyword logs a picture of the tasks it waited for (see `Task timelines`). |
        | ``progress`` | When true (default), a wait longer than 10 s prints a progress line to the console every 10 s. |
        | ``run_summary`` | When true (default), ``hubtask-tasks.html`` and ``.json`` are written next to output.xml at the end of the run (see `Task timelines`). With ``timeline``, ``progress`` and ``run_summary`` all false a wait records nothing. |
        | ``ui_auto_wait`` | When true, after each Browser library keyword that led the hub UI page to start tasks, the library waits for those tasks (see `Wait For UI Tasks`); a task that fails fails that keyword. |

        | Library | HubTaskLibrary | base_url=https://hub.example.com | token=%{HUB_TOKEN} |
        | Library | HubTaskLibrary | timeout=2 min | auto_wait=False |
        """
        settings = Settings.from_arguments(
            base_url,
            username,
            password,
            token,
            api_prefix,
            timeout,
            verify_ssl,
            auto_wait,
            console_command,
            domain,
        )
        self.ctx = LibraryContext(
            replace(settings, timeline=timeline, progress=progress, run_summary=run_summary)
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
                ApprovalKeywords(self.ctx),
                ContainerKeywords(self.ctx),
                TaskKeywords(self.ctx),
                ConsoleKeywords(self.ctx),
                LocalHubKeywords(self.ctx),
                FileKeywords(self.ctx),
                UserKeywords(self.ctx),
                HubCleanupKeywords(self.ctx),
                *ui_groups,
            ]
        )

    def run_keyword(self, name: str, args: list, kwargs: dict | None = None) -> object:
        # The keyword's name goes with its waits into the run summary.
        self.ctx.keyword = keyword_label(name)
        return super().run_keyword(name, args, kwargs)


class _CloseListener:
    """Closes the HTTP session and removes temporary artifacts when Robot closes the library;
    with ``cleanup=True`` also deletes what the library created at the end of each suite."""

    ROBOT_LISTENER_API_VERSION = 3

    def __init__(self, ctx: LibraryContext, cleanup: CleanupKeywords | None = None):
        self.ctx = ctx
        self.cleanup = cleanup

    def end_test(self, data: object, result: object) -> None:
        self.ctx.timeouts.end_test()

    def end_suite(self, data: object, result: object) -> None:
        name = getattr(result, "full_name", None) or getattr(result, "longname", "")
        self.ctx.timeouts.end_suite(str(name))
        if self.cleanup is None or not self.ctx.created:
            return
        try:
            self.cleanup.delete_created_resources()
        except HubError as err:
            logger.warn(f"Cleanup at the end of the suite: {err}")

    def close(self) -> None:
        with RUN.ends_read_at_close(self.ctx):
            self.ctx.close()
        try:
            RUN.write()  # hubtask-tasks.html/.json next to output.xml
        except OSError as err:
            logger.warn(f"Could not write the run summary: {err}")
