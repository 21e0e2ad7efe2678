"""Hypothesis profiles for the hostile-input tests.

``hostile-ci`` (the default) is derandomized, so CI runs the same examples every time and a
failure reproduces; its example counts keep all of tests/hostile within ~90 s per backend on a
2-core machine. ``hostile-deep`` draws ten times as many fresh random examples, for a run by
hand: ``AFTERSCHOOL_HYPOTHESIS=hostile-deep pytest tests/hostile``. Each test asks for a share
of the profile's budget with ``tests.hostile.examples``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    # Shared, noisy machines: a slow example is not a failure.
    "deadline": None,
    # The tests write files and databases of their own; an example database in the work tree
    # would be one more thing to clean up, and CI replays nothing from it anyway.
    "database": None,
    # The database fixtures are function-scoped on purpose: every example runs against the
    # same real database, and the test checks what each example left there.
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "print_blob": True,
}
settings.register_profile("hostile-ci", max_examples=200, derandomize=True, **_COMMON)
settings.register_profile("hostile-deep", max_examples=2000, derandomize=False, **_COMMON)
settings.load_profile(os.environ.get("AFTERSCHOOL_HYPOTHESIS", "hostile-ci"))
