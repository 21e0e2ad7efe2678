"""Fixtures shared by the core tests: the small gate school of the verdict tests."""

from tests.core.test_verdict import school  # noqa: F401 (a fixture)
