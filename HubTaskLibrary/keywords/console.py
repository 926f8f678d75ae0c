"""Keywords that use the hub's Django console."""

from __future__ import annotations

from datetime import timedelta

from robot.api import logger
from robotlibcore import keyword

from ..client.console import HeldTask, run_console
from ..client.references import TaskRef
from .base import KeywordGroup
from .context import seconds


class ConsoleKeywords(KeywordGroup):
    @keyword(tags=["console"])
    def run_hub_console(self, python_code: str, timeout: timedelta | None = None) -> str:
        """Runs ``python_code`` in the hub's Django console and returns what it printed.

        Uses the ``console_command`` import argument (or ``HUB_CONSOLE_COMMAND``):
        a command line that reads Python code on standard input, such as
        ``pulpcore-manager shell``, ``ssh hub pulpcore-manager shell`` or
        ``kubectl exec -i deploy/hub -- pulpcore-manager shell``. The local hub
        fills it in (``hubtask hub env``).

        | ${out} = | Run Hub Console | from pulpcore.app.models import Task; print(Task.objects.count()) |
        """
        output = run_console(
            self.ctx.settings.console_command, python_code, self.ctx.timeout(timeout)
        )
        logger.info(f"Console printed: {output.strip()[:2000]}")
        return output

    @keyword(tags=["console", "task"])
    def create_long_running_task(
        self,
        name: str = "iamrunning",
        lifetime: timedelta = timedelta(hours=1),
        timeout: timedelta | None = None,
    ) -> TaskRef:
        """Creates a task that stays ``running`` until it is canceled (the seed's way).

        Like the seed's ``Task.objects.create(state="running", name=name)`` in
        the hub console (see `Run Hub Console`), with what makes it hold on a
        busy hub: the console process that creates the row keeps the task's
        lock, as a worker does for the task it runs, so the hub's workers do
        not fail it as abandoned; and it acts on a cancel like a worker would
        (``canceling``, then ``canceled``). It cancels the task itself when
        ``lifetime`` passes or this Robot process ends; the library cancels it
        when it is closed.

        The task carries this library's correlation id, so
        ``Wait For All Tasks    scope=mine`` sees it too (exclude it by name).

        | ${task} = | Create Long Running Task |
        | Cancel Task | ${task} |
        """
        cid = self.client.session.new_correlation_id()
        held = HeldTask(
            self.ctx.settings.console_command,
            name,
            cid,
            seconds(lifetime, "lifetime"),
            self.ctx.timeout(timeout),
        )
        self.ctx.held_tasks.append(held)
        with self.ctx.operation():
            href = self.client.tasks.href(held.uuid)
        logger.info(f"Created long running task '{name}' ({held.uuid}).")
        return TaskRef(href, [held.uuid])
