"""Database failures as the one typed error the UI understands (DatabaseUnavailableError)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import SQLAlchemyError

from core.errors import DatabaseUnavailableError
from db.engine import failure_cause


@contextmanager
def database_errors(what: str) -> Iterator[None]:
    """Turn a failure of the database inside the block (or decorated call) into the typed error.

    ``cause`` says why (db.engine.failure_cause): disk full, read-only, I/O error, unreachable.
    """
    try:
        yield
    except SQLAlchemyError as exc:
        reason = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
        raise DatabaseUnavailableError(
            f"cannot {what}: {reason}", cause=failure_cause(exc)
        ) from exc
