"""Keywords for Pulp tasks: read, list, wait, cancel, check."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from assertionengine import AssertionOperator
from robot.api import logger
from robot.libraries.BuiltIn import BuiltIn
from robotlibcore import keyword

from ..client.errors import HubError, InvalidArgumentError, TaskFailedError
from ..client.references import TaskRef, task_uuid
from ..client.states import TaskState, parse_state
from ..client.workers import error_description
from .base import KeywordGroup
from .context import seconds
from .getters import assert_eventually, state_expectation
from .timeline import watch
from .types import FinalState, Scope, TaskReference, WaitScope


class TaskKeywords(KeywordGroup):
    @keyword(tags=["task"])
    def get_task(self, task: TaskReference) -> dict:
        """Returns the task as a dictionary with Pulp's fields.

        ``task`` is any task reference: a pulp task href, a galaxy
        ``v3/tasks/`` href, an import URL, a bare uuid, a task dictionary, or
        what a keyword of this library returned. Fields include ``state``,
        ``name``, ``error``, ``started_at``, ``finished_at``, ``child_tasks``,
        ``progress_reports`` and ``created_resources``.

        | ${task} = | Get Task | ${ref} |
        | Should Be Equal | ${task}[state] | completed |
        """
        with self.ctx.operation():
            return self.client.tasks.get(task)

    @keyword(tags=["task", "getter"])
    def get_task_state(
        self,
        task: TaskReference,
        assertion_operator: AssertionOperator | None = None,
        expected: Any = None,
        message: str | None = None,
        timeout: timedelta | None = None,
    ) -> Any:
        """Returns the task's state (``waiting``, ``running``, ``canceling``,
        ``completed``, ``failed``, ``canceled`` or ``skipped``).

        With an assertion operator (any of AssertionEngine's: ``==``, ``!=``,
        ``contains``, ``not contains``, ``should start with``, ``should end
        with``, ``matches``, ``validate``, ``then``...) the state is checked,
        and read again until the assertion holds or ``timeout`` (default: the
        library timeout) passes, like the Browser library's getters. With a
        comparing operator, a state name in any case or a UI label that one
        state shows ("Pending") means that state; ``matches`` takes a regular
        expression, ``validate`` an expression on ``value``. ``message``
        replaces the failure message (``{value}`` and ``{expected}`` are
        filled in). With ``then`` the keyword returns what the expression gave.

        | ${state} = | Get Task State | ${task} |
        | Get Task State | ${task} | == | completed |
        | Get Task State | ${task} | != | waiting | timeout=5s |
        | Get Task State | ${task} | matches | ^(completed|failed)$ |
        | Get Task State | ${task} | validate | value in ("completed", "failed") |
        """
        uuid = task_uuid(task)
        wanted = state_expectation(assertion_operator, expected)

        def read() -> str:
            return str(self.client.tasks.get(uuid)["state"])

        with self.ctx.operation(timeout):
            return assert_eventually(
                read,
                assertion_operator,
                wanted,
                what="Task state",
                message=message,
                timeout=self.ctx.remaining(timeout),
                schedule=self.client.tasks.schedule,
            )

    @keyword(tags=["task"])
    def list_tasks(
        self,
        state: TaskState | list[TaskState] | str | None = None,
        name: str | None = None,
        limit: int = 100,
        **filters: Any,
    ) -> list[dict]:
        """Returns tasks from the hub, newest first, filtered on the hub side.

        ``state`` is a state (or a list of them, or several comma separated), ``name`` a
        substring of the task name. Other named arguments are passed to the
        hub as filters, e.g. ``started_at__gte=2024-01-01T00:00:00Z`` or
        ``logging_cid=...``.

        | ${running} = | List Tasks | state=running |
        | ${imports} = | List Tasks | name=import | limit=10 |
        """
        query: dict[str, Any] = dict(filters)
        if state:
            given = (
                state if isinstance(state, list) else str(getattr(state, "value", state)).split(",")
            )
            states = [parse_state(s).value for s in given]
            query["state__in" if len(states) > 1 else "state"] = ",".join(states)
        if name:
            query["name__contains"] = name
        with self.ctx.operation():
            tasks = self.client.tasks.list(limit=int(limit), **query)
        logger.info(f"{len(tasks)} task(s) found.")
        return tasks

    @keyword(tags=["task", "wait"])
    def wait_for_task(
        self,
        task: TaskReference,
        timeout: timedelta | None = None,
        expected: FinalState = FinalState.completed,
    ) -> dict:
        """Waits until ``task`` (and the tasks it dispatched) is final; returns the task.

        Fails if the task ends in another state than ``expected`` (default
        ``completed``), with the task's name, state, error description, the
        end of its traceback and links to the task; fails on timeout saying
        how long it waited, the last state and the last progress report (and,
        when the last look failed, why). ``canceling`` is not final.

        The first look comes at once, or when what was learned says the task
        can first be over; without such knowledge the next comes after 0.25 s
        and then every 0.4 to 0.6 s. Never more than 2 requests in a wait's
        first second, and never more than 2 per second on average over a
        longer wait. Looks are aimed at the end learned for tasks of that kind;
        a task still unfinished when that window closes is looked at every
        0.25 s for 2 s (as far as that average allows), then every 0.5 s.

        | Wait For Task | ${task} |
        | ${done} = | Wait For Task | ${task} | timeout=2 min |
        | Wait For Task | ${task} | expected=failed |
        """
        with self.ctx.operation(timeout):
            report = self.ctx.wait_for(task, timeout, expected=expected)
        uuid = task_uuid(task)
        for done in report.tasks:
            if task_uuid(done) == uuid:
                return done
        return report.tasks[0]

    @keyword(tags=["task", "wait"])
    def wait_for_tasks(self, *tasks: TaskReference, timeout: timedelta | None = None) -> list[dict]:
        """Waits until every task given is final and completed; returns them.

        Fails naming every task that failed or was canceled; on timeout names
        every task still unfinished (and why the last look failed, if it did).

        | ${a} = | Upload Collection | ns1 | one | wait=False |
        | ${b} = | Upload Collection | ns1 | two | wait=False |
        | Wait For Tasks | ${a} | ${b} |
        """
        if not tasks:
            raise HubError("Wait For Tasks needs at least one task.")
        with self.ctx.operation(timeout):
            report = self.ctx.wait_for(list(tasks), timeout)
        return report.tasks

    @keyword(tags=["task", "wait"])
    def wait_for_all_tasks(
        self,
        timeout: timedelta | None = None,
        name: str | None = None,
        exclude: list[str] | str | None = None,
        scope: WaitScope = "hub",
    ) -> list[dict]:
        """Waits until no task is waiting, running or canceling; fails on bad endings.

        With ``scope=hub`` (default) it waits for every unfinished task on the
        hub, like galaxykit's ``task wait all`` but without its 10 s polls and
        silent give-up. With ``scope=mine`` it waits only for tasks this
        library instance started (found by the correlation id it sends), so
        parallel suites (pabot) do not wait for each other.

        ``name`` keeps only tasks whose name contains it; ``exclude`` (a
        string or a list) ignores tasks whose name contains any of its items.

        Fails naming each task it waited for that ended failed, canceled or
        skipped, and each task this library started that ended so since the
        previous call and was not waited for. On timeout it names the tasks
        still unfinished (and why the last look failed, if it did). Returns
        the tasks it saw unfinished.

        | Wait For All Tasks |
        | Wait For All Tasks | timeout=5 min | exclude=iamrunning |
        | Wait For All Tasks | scope=mine |
        """
        excluded = [exclude] if isinstance(exclude, str) else list(exclude or [])
        with self.ctx.operation(timeout):
            left = self.ctx.remaining(timeout)
            with watch(self.ctx, f"all tasks ({scope})", left):
                report = self.client.tasks.wait_all(
                    timeout=left, scope=scope, name=name, exclude=excluded
                )
        logger.info(
            f"All tasks done ({scope}): {len(report.tasks)} waited for, "
            f"{report.stats.polls} polls in {report.stats.elapsed:.2f} s."
        )
        return report.tasks

    @keyword(tags=["task"])
    def cancel_task(
        self, task: TaskReference, wait: bool | None = None, timeout: timedelta | None = None
    ) -> dict:
        """Cancels a waiting or running task; by default waits until it is ``canceled``.

        Fails clearly when the task is already final or unknown. Returns the
        task (final when waited for).

        | ${task} = | Start Long Running Sync |
        | Cancel Task | ${task} |
        """
        with self.ctx.operation(timeout):
            answered = self.client.tasks.cancel(task)
            logger.info(
                f"Cancel requested: {self.client.tasks.describe(answered)} is "
                f"{answered.get('state')}."
            )
            if not self.ctx.should_wait(wait):
                return answered
            try:
                report = self.ctx.wait_for(task, timeout, expected="canceled")
            except TaskFailedError as err:
                raise TaskFailedError(f"The cancel did not take effect: {err}", err.tasks) from None
        return report.tasks[0]

    @keyword(tags=["task", "assertion"])
    def task_should_be_completed(
        self, task: TaskReference, timeout: timedelta | None = None
    ) -> dict:
        """Waits until ``task`` is final and fails unless it completed.

        | Task Should Be Completed | ${task} |
        """
        return self.wait_for_task(task, timeout, expected="completed")

    @keyword(tags=["task", "assertion"])
    def task_should_have_failed(
        self,
        task: TaskReference,
        error_contains: str | None = None,
        timeout: timedelta | None = None,
        message: str | None = None,
    ) -> dict:
        """Waits until ``task`` is final and fails unless it failed (with ``error_contains``).

        ``error_contains`` must be a substring of the task's error
        description. ``message`` replaces the failure message, as everywhere
        in this library; given alone (the keyword's first form) it is still
        read as ``error_contains``.

        | ${task} = | Upload Collection | ns1 | bad | path=${BROKEN} | wait=False |
        | Task Should Have Failed | ${task} | error_contains=No manifest found |
        """
        if error_contains is None and message is not None:
            error_contains, message = message, None
        try:
            done = self.wait_for_task(task, timeout, expected=FinalState.failed)
        except TaskFailedError as err:
            if message:
                raise AssertionError(message) from None
            raise err from None
        description = error_description(done.get("error"))
        if error_contains and error_contains not in description:
            raise AssertionError(
                message
                or f"Task {done.get('name')} failed, but its error does not contain "
                f"'{error_contains}': {' '.join(description.split())[:300]}"
            )
        return done

    @keyword(tags=["task", "configuration"])
    def set_task_timeout(self, timeout: timedelta, scope: Scope = Scope.Global) -> str:
        """Sets the default timeout of all waits and returns the previous one.

        ``scope`` is ``Global`` (default: from now on), ``Suite`` (until the
        current suite ends) or ``Test`` (until the current test ends), as in
        the Browser library's `Set Browser Timeout`.

        | ${old} = | Set Task Timeout | 5 min |
        | Set Task Timeout | ${old} |
        | Set Task Timeout | 10 s | scope=Test |
        """
        value = seconds(timeout)
        owner = None
        variables = BuiltIn()
        if scope is Scope.Suite:
            owner = variables.get_variable_value("${SUITE NAME}")
        elif scope is Scope.Test and variables.get_variable_value("${TEST NAME}") is None:
            raise InvalidArgumentError(
                "Set Task Timeout scope=Test needs a running test: use scope=Suite here."
            )
        old = self.ctx.timeouts.set(value, scope, owner)
        return f"{old:g} seconds"

    @keyword("Get Task UI Link", tags=["task"])
    def get_task_ui_link(self, task: TaskReference) -> str:
        """Returns the URL of the task's detail page in the hub UI.

        | ${url} = | Get Task UI Link | ${task} |
        """
        return self.client.tasks.ui_link(task_uuid(task))


__all__ = ["TaskKeywords", "TaskRef"]
