"""``hubtask galaxykit``: galaxykit's command line on HubTaskLibrary's client.

A drop-in for the galaxykit CLI that Cypress suites run once per step: the same
global options, commands, arguments and output, but every command that starts
tasks waits for them with the library's waits, and a failed, canceled or
timed-out task exits non-zero with one short line (see :mod:`.cli`).
"""
