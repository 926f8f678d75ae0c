"""What waits saw, as pictures and a run summary: stdlib only, no Robot.

``records`` turns the task dictionaries a wait read into spans on one clock,
``timeline`` draws one wait as inline SVG for log.html, ``summary`` writes
``hubtask-tasks.json`` and ``hubtask-tasks.html`` for a run, and ``merge``
joins the files of several (pabot) processes (``hubtask report``).
"""
