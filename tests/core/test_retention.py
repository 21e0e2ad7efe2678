"""The retention job (R12): snapshots, ended proxies' photos and old pre-upgrade copies go."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import event, func, select, update

from core.retention import purge_snapshots, run_retention
from db.engine import Database
from db.models import AuditEntry, Handoff, HandoffSnapshot, Photo, ProxyAuthorization, School
from tests.conftest import backend
from tests.core.test_verdict import DAY, Gate, at

OLD_JPEG = b"\xff\xd8\xff\xe0" + b"OLD-FRAME-" * 600  # past a page: stored in overflow pages
NEW_JPEG = b"\xff\xd8\xff\xe0" + b"NEW-FRAME-" * 600
DAYS = dt.timedelta(days=1)

sqlite_only = pytest.mark.skipif(backend() != "sqlite", reason="an SQLite file on disk")


def _release(school: Gate, clock, no: str, snapshot: bytes) -> int:
    """A real release of one child at 17:35 with its webcam frame; the handoff's id."""
    school.present(no)
    clock.set(at("17:35"))
    verdict = school.verdicts.scan(school.token(school.guardian("王芳")), station="东门")
    school.handoffs.record(verdict, [school.ids[no]], school.member, snapshot=snapshot)
    with school.db.read() as s:
        return s.scalar(select(Handoff.id).where(Handoff.student_id == school.ids[no]))


def _two_snapshots(school: Gate, clock) -> tuple[int, int]:
    """A1's frame taken on DAY, A2's (also released on DAY) dated 20 days later."""
    old = _release(school, clock, "A1", OLD_JPEG)
    new = _release(school, clock, "A2", NEW_JPEG)
    with school.db.write() as s:
        shot = s.scalar(select(Handoff.snapshot_id).where(Handoff.id == new))
        s.execute(
            update(HandoffSnapshot)
            .where(HandoffSnapshot.id == shot)
            .values(taken_at=at("17:35") + 20 * DAYS)
        )
    return old, new


def _entries(db: Database, action: str) -> list[AuditEntry]:
    with db.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _count(db: Database, model) -> int:  # noqa: ANN001
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def _set_days(db: Database, days: int) -> None:
    with db.write() as s:
        s.get(School, 1).snapshot_retention_days = days


def test_snapshots_past_the_period_are_deleted_and_newer_ones_kept(school: Gate, clock) -> None:
    old, new = _two_snapshots(school, clock)

    report = run_retention(school.db, at("17:36") + 31 * DAYS)

    assert (report.snapshots, report.retention_days) == (1, 30)
    assert school.handoffs.snapshot(old) is None
    assert school.handoffs.snapshot(new) == NEW_JPEG
    assert _count(school.db, HandoffSnapshot) == 1
    assert _count(school.db, Handoff) == 2  # the handoffs themselves are school records
    [entry] = _entries(school.db, "snapshot.purge")
    assert (entry.actor, entry.at) == ("system", at("17:36") + 31 * DAYS)
    assert '"count": 1' in entry.payload
    assert school.services.audit.verify().ok


def test_running_again_changes_nothing(school: Gate, clock) -> None:
    _two_snapshots(school, clock)
    when = at("17:36") + 31 * DAYS
    run_retention(school.db, when)
    entries = _count(school.db, AuditEntry)

    again = run_retention(school.db, when)
    later = run_retention(school.db, when + dt.timedelta(hours=6))

    assert again.total == 0 and later.total == 0
    assert _count(school.db, AuditEntry) == entries
    assert _count(school.db, HandoffSnapshot) == 1


def test_the_schools_retention_days_are_respected(school: Gate, clock) -> None:
    old = _release(school, clock, "A1", OLD_JPEG)
    _set_days(school.db, 10)

    kept = run_retention(school.db, at("17:36") + 9 * DAYS)
    assert (kept.retention_days, kept.snapshots) == (10, 0)
    assert school.handoffs.snapshot(old) == OLD_JPEG

    gone = run_retention(school.db, at("17:36") + 11 * DAYS)
    assert gone.snapshots == 1 and school.handoffs.snapshot(old) is None


def test_the_services_bundle_runs_it_at_its_clock(school: Gate, clock) -> None:
    old = _release(school, clock, "A1", OLD_JPEG)
    clock.set(at("00:00") + 31 * DAYS)

    report = run_retention(school.services)

    assert report.at == at("00:00") + 31 * DAYS and report.snapshots == 1
    assert school.handoffs.snapshot(old) is None


def test_a_run_with_nothing_due_only_reads(school: Gate, clock) -> None:
    _release(school, clock, "A1", OLD_JPEG)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        statements.append(statement.split(None, 2)[:2])

    event.listen(school.db.engine, "before_cursor_execute", seen)
    started = time.perf_counter()
    report = run_retention(school.db, at("17:36") + 5 * DAYS)
    took = time.perf_counter() - started
    event.remove(school.db.engine, "before_cursor_execute", seen)

    assert report.total == 0
    writes = [s for s in statements if s[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert writes == [] and ["BEGIN", "IMMEDIATE"] not in statements
    print(f"\nretention with nothing due: {len(statements)} statements, {took * 1000:.1f} ms")


def test_two_stations_purging_at_once_write_one_entry(school: Gate, clock, db_url) -> None:  # noqa: ANN001
    _two_snapshots(school, clock)
    when = at("17:36") + 31 * DAYS
    stations = [Database(db_url), Database(db_url)]
    reports = []
    start = threading.Barrier(2)

    def run(db: Database) -> None:
        start.wait()
        reports.append(run_retention(db, when))

    threads = [threading.Thread(target=run, args=(db,)) for db in stations]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for db in stations:
        db.dispose()

    assert sorted(r.snapshots for r in reports) == [0, 1]
    assert len(_entries(school.db, "snapshot.purge")) == 1
    assert school.services.audit.verify().ok


@sqlite_only
def test_a_purged_frame_is_not_left_in_the_file(school: Gate, clock) -> None:
    # A build of SQLite that keeps deleted bytes in free pages (the default outside Debian's).
    event.listen(
        school.db.engine, "connect", lambda conn, _r: conn.execute("PRAGMA secure_delete=OFF")
    )
    school.db.engine.dispose()
    _two_snapshots(school, clock)
    path = school.db.sqlite_path
    assert path is not None

    def on_disk() -> bytes:
        wal = path.with_name(path.name + "-wal")
        return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")

    assert b"OLD-FRAME-" * 50 in on_disk()

    run_retention(school.db, at("17:36") + 31 * DAYS)

    assert b"OLD-FRAME-" not in on_disk()
    assert b"NEW-FRAME-" * 50 in on_disk()  # the kept frame is still readable


def _proxy(school: Gate, name: str, valid_to: dt.date, revoked: dt.datetime | None = None) -> int:
    pid = school.add(
        ProxyAuthorization(
            student_id=school.ids["A1"],
            name=name,
            relation="邻居",
            phone="13900000009",
            valid_from=DAY - 3 * DAYS,
            valid_to=valid_to,
            created_at=at("08:00") - 3 * DAYS,
            revoked_at=revoked,
        )
    )
    school.add(
        Photo(
            owner_kind="proxy", owner_id=pid, image=b"face " + name.encode(), updated_at=at("08:00")
        )
    )
    return pid


def test_photos_of_proxies_whose_authorization_ended_go_after_the_period(school: Gate) -> None:
    ended = _proxy(school, "邻居王阿姨", DAY)
    revoked = _proxy(school, "表舅", DAY + 90 * DAYS, revoked=at("12:00"))
    current = _proxy(school, "奶奶的邻居", DAY + 90 * DAYS)
    recent = _proxy(school, "小姨", DAY + 10 * DAYS)
    school.add(Photo(owner_kind="guardian", owner_id=1, image=b"parent", updated_at=at("08:00")))

    assert run_retention(school.db, at("11:00") + 30 * DAYS).proxy_photos == 0
    report = run_retention(school.db, at("18:00") + 31 * DAYS)

    assert report.proxy_photos == 2
    assert school.services.people.photo("proxy", ended) is None
    assert school.services.people.photo("proxy", revoked) is None
    assert school.services.people.photo("proxy", current) is not None
    assert school.services.people.photo("proxy", recent) is not None
    assert school.services.people.photo("guardian", 1) == b"parent"
    assert _count(school.db, ProxyAuthorization) == 4  # handoffs may name them
    [entry] = _entries(school.db, "photo.purge")
    assert f'"proxy_ids": [{ended}, {revoked}]' in entry.payload
    assert run_retention(school.db, at("18:00") + 31 * DAYS).total == 0


@sqlite_only
def test_pre_upgrade_copies_older_than_the_period_are_deleted(school: Gate) -> None:
    path = school.db.sqlite_path
    assert path is not None
    old = path.with_name(f"{path.stem}.before-0006-20261030-120000{path.suffix}")
    new = path.with_name(f"{path.stem}.before-0006-20261130-120000{path.suffix}")
    other = path.with_name(f"another.before-0006-20261030-120000{path.suffix}")
    odd = path.with_name(f"{path.stem}.before-0006-yesterday{path.suffix}")
    for f in (old, new, other, odd):
        f.write_bytes(b"SQLite format 3\x00")

    report = run_retention(school.db, at("15:40"))

    assert report.upgrade_copies == (old.name,)
    assert not old.exists() and new.exists() and other.exists() and odd.exists()
    [entry] = _entries(school.db, "upgrade_copy.purge")
    assert old.name in entry.payload
    assert run_retention(school.db, at("15:40")).total == 0


def test_the_snapshots_part_alone_leaves_photos_be(school: Gate, clock) -> None:
    old = _release(school, clock, "A1", OLD_JPEG)
    ended = _proxy(school, "邻居王阿姨", DAY)

    assert purge_snapshots(school.db, at("18:00") + 31 * DAYS) == 1

    assert school.handoffs.snapshot(old) is None
    assert school.services.people.photo("proxy", ended) is not None


def test_a_bare_database_needs_the_time(school: Gate) -> None:
    with pytest.raises(TypeError):
        run_retention(school.db)
