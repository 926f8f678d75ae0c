"""Keywords that use the hub's Django console."""

from __future__ import annotations

import re
from datetime import timedelta

from robot.api import logger
from robotlibcore import keyword

from ..client.console import run_console
from ..client.errors import HubError
from ..client.references import TaskRef
from .base import KeywordGroup

_UUID_LINE = re.compile(r"^HUBTASK-TASK ([0-9a-f-]{36})$", re.MULTILINE)


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
    def create_long_running_task(self, name: str = "iamrunning") -> TaskRef:
        """Creates a task row that stays ``running`` until canceled (the seed's way).

        Runs ``Task.objects.create(state="running", name=name)`` in the hub
        console (see `Run Hub Console`). No worker ever touches it; a cancel
        takes it through ``canceling`` to ``canceled``. The task carries this
        library's correlation id, so ``Wait For All Tasks    scope=mine`` sees
        it too (exclude it by name).

        | ${task} = | Create Long Running Task |
        | Cancel Task | ${task} |
        """
        cid = self.client.session.new_correlation_id()
        code = (
            "from pulpcore.app.models import Task\n"
            f"t = Task.objects.create(state='running', name={name!r}, logging_cid={cid!r})\n"
            "print('HUBTASK-TASK', t.pk)\n"
        )
        output = self.run_hub_console(code)
        match = _UUID_LINE.search(output)
        if not match:
            raise HubError(f"The hub console did not report the new task: {output.strip()[:200]}")
        uuid = match.group(1)
        with self.ctx.operation():
            href = self.client.tasks.href(uuid)
        logger.info(f"Created long running task '{name}' ({uuid}).")
        return TaskRef(href, [uuid])
