"""Typed errors raised by core services; the UI and the command line turn them into words."""

from __future__ import annotations


class AfterSchoolError(Exception):
    """Base of every error a user can cause; ``code`` is stable, the text is English."""

    code = "error"

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.params = params


class ValidationError(AfterSchoolError):
    """A value the user entered breaks a rule (a window ending before it starts …)."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message, **params)
        self.code = code


class NotFoundError(AfterSchoolError):
    """The record asked for does not exist (any more)."""

    code = "not_found"


class DatabaseUnavailableError(AfterSchoolError):
    """The database cannot be opened or reached."""

    code = "db_unavailable"
