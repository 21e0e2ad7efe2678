"""Shared fixtures: real databases (SQLite files, or PostgreSQL when configured) and a fixed clock.

The whole suite runs on SQLite by default and on PostgreSQL when ``AFTERSCHOOL_TEST_PG`` holds
an admin URL such as ``postgresql+psycopg://afterschool:afterschool@127.0.0.1/postgres``.
Each test gets its own database, copied from a template migrated once per run.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep tests away from the user's real data directory.
_TEST_HOME = Path(os.environ.get("TMPDIR", "/tmp"))
os.environ.setdefault("XDG_DATA_HOME", str(_TEST_HOME / "as-test-data"))
os.environ.setdefault("XDG_CONFIG_HOME", str(_TEST_HOME / "as-test-config"))
os.environ.setdefault("XDG_STATE_HOME", str(_TEST_HOME / "as-test-state"))
# A window crossing midnight would start a backup thread against a database a fixture is about
# to drop; the backup tests turn it on where they test it.
os.environ.setdefault("AFTERSCHOOL_BACKUP_DAILY", "0")

import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.exc import DBAPIError  # noqa: E402

from core.clock import SimulatedClock  # noqa: E402
from core.services import Services, build_services  # noqa: E402
from core.setup import initialise, open_database  # noqa: E402
from db.engine import Database  # noqa: E402

PG_ADMIN = os.environ.get("AFTERSCHOOL_TEST_PG", "")
# Tuesday 1 December 2026, during period 1 of every band.
TEST_NOW = dt.datetime(2026, 12, 1, 15, 40)


def backend() -> str:
    """'postgresql' when the suite runs on PostgreSQL, else 'sqlite'."""
    return "postgresql" if PG_ADMIN else "sqlite"


class _Pg:
    """Creates throw-away databases on the PostgreSQL server, from templates."""

    def __init__(self, admin_url: str) -> None:
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.base = make_url(admin_url)
        self.prefix = f"as_{uuid.uuid4().hex[:8]}"
        self.created: list[str] = []

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        name = f"{self.prefix}_{len(self.created)}"
        with self.admin.connect() as c:
            tpl = f" TEMPLATE {template}" if template else ""
            c.execute(text(f'CREATE DATABASE "{name}"{tpl}'))
        self.created.append(name)
        return name

    def drop_all(self) -> None:
        # WITH (FORCE) cannot end an autovacuum worker a non-superuser does not own: one retry,
        # and a database left behind never fails the run that made it.
        try:
            with self.admin.connect() as c:
                for name in reversed(self.created):
                    for attempt in range(2):
                        try:
                            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                            break
                        except DBAPIError:
                            if attempt:
                                print(f"test database {name} left behind", file=sys.stderr)
                            time.sleep(0.5)
        finally:
            self.admin.dispose()


@pytest.fixture(scope="session")
def _pg() -> Iterator[_Pg | None]:
    if not PG_ADMIN:
        yield None
        return
    pg = _Pg(PG_ADMIN)
    yield pg
    pg.drop_all()


@pytest.fixture(scope="session")
def _templates(_pg: _Pg | None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Migrated template databases: 'plain' (defaults only) and 'demo'."""
    out = {}
    for kind in ("plain", "demo"):
        if _pg is None:
            path = tmp_path_factory.mktemp("tpl") / f"{kind}.db"
            url = f"sqlite:///{path.as_posix()}"
        else:
            name = _pg.create()
            url = _pg.url(name)
        db = open_database(url)
        initialise(db, SimulatedClock(TEST_NOW, advancing=False), demo=kind == "demo")
        db.dispose()
        out[kind] = url if _pg is None else name
    return out


def _copy(kind: str, templates: dict[str, str], pg: _Pg | None, tmp_path: Path) -> str:
    if pg is None:
        src = Path(make_url(templates[kind]).database or "")
        dest = tmp_path / f"{kind}-{uuid.uuid4().hex[:6]}.db"
        shutil.copyfile(src, dest)
        return f"sqlite:///{dest.as_posix()}"
    return pg.url(pg.create(template=templates[kind]))


@pytest.fixture
def clock() -> SimulatedClock:
    """A clock standing still at Tuesday 2026-12-01 15:40."""
    return SimulatedClock(TEST_NOW, advancing=False)


@pytest.fixture
def fresh_url(_pg: _Pg | None, tmp_path: Path) -> str:
    """The URL of an empty, never-migrated database."""
    if _pg is None:
        return f"sqlite:///{(tmp_path / 'fresh.db').as_posix()}"
    return _pg.url(_pg.create())


@pytest.fixture
def db_url(_templates: dict[str, str], _pg: _Pg | None, tmp_path: Path) -> str:
    """A migrated database holding the guidelines' defaults and no pupils."""
    return _copy("plain", _templates, _pg, tmp_path)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """The opened database of ``db_url``."""
    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def demo_db(_templates: dict[str, str], _pg: _Pg | None, tmp_path: Path) -> Iterator[Database]:
    """A migrated database holding the demo school (built at TEST_NOW)."""
    database = open_database(_copy("demo", _templates, _pg, tmp_path))
    yield database
    database.dispose()


@pytest.fixture
def services(db: Database, clock: SimulatedClock) -> Services:
    """Core services over an empty school."""
    return build_services(db, clock)


@pytest.fixture
def demo_services(demo_db: Database, clock: SimulatedClock) -> Services:
    """Core services over the demo school."""
    return build_services(demo_db, clock)
