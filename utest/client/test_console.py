"""run_console with a fake console command."""

from __future__ import annotations

import shlex
import sys

import pytest

from HubTaskLibrary.client.console import run_console
from HubTaskLibrary.client.errors import HubError, InvalidArgumentError

FAKE = f'{shlex.quote(sys.executable)} -c "import sys; exec(sys.stdin.read())"'


def test_returns_stdout():
    assert run_console(FAKE, "print('hello'); print(6 * 7)", timeout=20) == "hello\n42\n"


def test_stderr_warnings_without_traceback_are_fine():
    out = run_console(FAKE, "import sys; sys.stderr.write('warn\\n'); print('ok')", timeout=20)
    assert out == "ok\n"


@pytest.mark.parametrize("command", [None, ""])
def test_missing_command(command):
    with pytest.raises(InvalidArgumentError) as info:
        run_console(command, "print(1)", timeout=5)
    message = str(info.value)
    assert "\n" not in message
    assert "HUB_CONSOLE_COMMAND" in message
    assert "console_command" in message


def test_command_not_found():
    with pytest.raises(InvalidArgumentError) as info:
        run_console("/nonexistent/hub-console-xyz shell", "print(1)", timeout=5)
    assert str(info.value) == "console_command '/nonexistent/hub-console-xyz' was not found."


def test_unparsable_command():
    with pytest.raises(InvalidArgumentError, match="cannot be parsed"):
        run_console('python3 -c "unterminated', "print(1)", timeout=5)


def test_failing_code_gives_last_error_line():
    with pytest.raises(HubError) as info:
        run_console(FAKE, "print('partial')\nraise RuntimeError('boom here')", timeout=20)
    message = str(info.value)
    assert "\n" not in message
    assert "exit 1" in message
    assert "RuntimeError: boom here" in message


def test_traceback_with_zero_exit_still_fails():
    code = "import traceback\ntry:\n    1/0\nexcept Exception:\n    traceback.print_exc()\n"
    with pytest.raises(HubError, match=r"exit 0.*ZeroDivisionError"):
        run_console(FAKE, code, timeout=20)


def test_nonzero_exit_without_stderr():
    with pytest.raises(HubError, match=r"exit 3\): no error output"):
        run_console(FAKE, "import sys; sys.exit(3)", timeout=20)


def test_timeout():
    with pytest.raises(HubError, match=r"did not finish within 0.2 s"):
        run_console(FAKE, "import time; time.sleep(5)", timeout=0.2)
