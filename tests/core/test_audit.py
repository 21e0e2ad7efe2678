"""The audit chain (R10): tampering through raw SQL is caught at the right entry, appends from
several stations at once keep one unbroken chain, corrections are new entries."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import DateTime, bindparam, select, text

from core.audit_service import (
    DELETED,
    EDITED,
    INSERTED,
    REHASHED,
    REORDERED,
    TIP_REWRITTEN,
    TRUNCATED,
    AuditService,
    history,
    recent,
    record_correction,
    verify_chain,
)
from core.errors import NotFoundError, ValidationError
from core.schedule_service import ScheduleService
from core.setup import open_database
from db import audit
from db.audit import entry_hash
from db.models import AuditEntry

T0 = dt.datetime(2026, 12, 1, 15, 10)
COLUMNS = "id, seq, at, actor, action, entity, entity_id, payload, prev_hash, hash"
CONTENT = ("at", "actor", "action", "entity", "entity_id", "payload", "prev_hash", "hash")


@pytest.fixture
def chain(db):
    """The seeded school.create entry (seq 1) plus ten attendance marks: seq 1..11."""
    for i in range(10):
        with db.write() as s:
            audit.append(
                s,
                T0 + dt.timedelta(minutes=i, microseconds=i),
                "王老师",
                "attendance.mark",
                "student",
                f"20230101{i:02d}",
                {"status": "出勤", "n": i},
            )
    return db


def sql(db, statement: str, **params) -> None:
    stmt = text(statement)
    if "at" in params:
        stmt = stmt.bindparams(bindparam("at", type_=DateTime))
    with db.engine.begin() as conn:
        conn.execute(stmt, params)


def row(db, seq: int) -> dict:
    table = AuditEntry.__table__
    with db.engine.connect() as conn:
        return dict(conn.execute(select(table).where(table.c.seq == seq)).mappings().one())


def forged_hash(r: dict) -> str:
    """What a forger who knows the formula would store."""
    return entry_hash(
        r["prev_hash"],
        r["seq"],
        r["at"],
        r["actor"],
        r["action"],
        r["entity"],
        r["entity_id"],
        r["payload"],
    )


def insert(db, r: dict) -> None:
    columns = [c.strip() for c in COLUMNS.split(",") if c.strip() != "id"]
    sql(
        db,
        f"INSERT INTO audit_entry ({', '.join(columns)}) "
        f"VALUES ({', '.join(':' + c for c in columns)})",
        **{c: r[c] for c in columns},
    )


def set_row(db, seq_where: int, values: dict) -> None:
    assignments = ", ".join(f"{c} = :{c}" for c in values)
    sql(db, f"UPDATE audit_entry SET {assignments} WHERE seq = :where", where=seq_where, **values)


def assert_broken(db, seq: int, code: str, problem: str | None = None) -> None:
    report = verify_chain(db)
    assert not report.ok
    assert (report.first_bad_seq, report.code) == (seq, code), report
    if problem is not None:
        assert report.problem == problem


# --- an intact chain ---


def test_untouched_chain_verifies(chain):
    report = verify_chain(chain)
    assert report.ok
    assert report.entries == 11
    assert report.first_bad_seq is None
    assert report.line() == "audit chain ok: 11 entries"
    with chain.read() as s:
        assert report.head_hash == audit.chain_head(s).hash


def test_a_new_database_holds_a_valid_chain_of_one_entry(db):
    report = verify_chain(db)
    assert report.ok
    assert report.line() == "audit chain ok: 1 entry"


# --- edited ---


@pytest.mark.parametrize(
    "column, value",
    [
        ("payload", '{"n":4,"status":"缺勤"}'),
        ("actor", "李老师"),
        ("action", "attendance.delete"),
        ("entity", "staff"),
        ("entity_id", "2023010199"),
        ("prev_hash", "f" * 64),
        ("hash", "e" * 64),
    ],
)
def test_editing_any_field_is_detected_at_that_entry(chain, column, value):
    before = row(chain, 5)
    set_row(chain, 5, {column: value})
    assert_broken(chain, 5, EDITED, "hash mismatch (entry edited)")
    report = verify_chain(chain)
    assert report.first_bad_id == before["id"]
    assert report.at == before["at"]


def test_editing_the_time_by_one_second_is_detected(chain):
    set_row(chain, 7, {"at": row(chain, 7)["at"] + dt.timedelta(seconds=1)})
    assert_broken(chain, 7, EDITED)


def test_an_edit_with_its_hash_recomputed_still_breaks_the_link_to_the_next(chain):
    r = row(chain, 5)
    r["payload"] = '{"n":4,"status":"缺勤"}'
    set_row(chain, 5, {"payload": r["payload"], "hash": forged_hash(r)})
    assert_broken(chain, 5, REHASHED)


def test_rewriting_the_last_entry_whole_disagrees_with_the_recorded_tip(chain):
    r = row(chain, 11)
    r["payload"] = '{"n":9,"status":"缺勤"}'
    set_row(chain, 11, {"payload": r["payload"], "hash": forged_hash(r)})
    assert_broken(chain, 11, TIP_REWRITTEN)


# --- deleted ---


def test_deleting_an_entry_is_detected_at_the_one_after_the_gap(chain):
    sql(chain, "DELETE FROM audit_entry WHERE seq = 5")
    assert_broken(chain, 6, DELETED, "sequence gap before seq 6 (entry deleted)")


def test_deleting_the_first_entry_is_detected(chain):
    sql(chain, "DELETE FROM audit_entry WHERE seq = 1")
    assert_broken(chain, 2, DELETED)


def test_removing_entries_at_the_end_disagrees_with_the_recorded_tip(chain):
    sql(chain, "DELETE FROM audit_entry WHERE seq >= 10")
    report = verify_chain(chain)
    assert (report.ok, report.first_bad_seq, report.code) == (False, 10, TRUNCATED)
    assert report.problem == "chain tip does not match the last entry (entries removed at the end)"
    assert report.at is None
    assert report.line() == f"audit chain broken at entry 10: {report.problem}"


# --- inserted ---


def test_a_forged_entry_added_after_the_tip_is_detected(chain):
    last = row(chain, 11)
    forged = {**last, "seq": 12, "prev_hash": last["hash"], "payload": '{"n":10}'}
    forged["hash"] = forged_hash(forged)
    insert(chain, forged)
    assert_broken(chain, 12, INSERTED, "entry inserted out of chain")


def test_an_entry_inserted_before_the_first_is_detected(chain):
    insert(chain, {**row(chain, 3), "seq": 0})
    assert_broken(chain, 0, INSERTED)


def test_an_entry_inserted_far_after_the_end_is_not_taken_for_a_deletion(chain):
    insert(chain, {**row(chain, 3), "seq": 500})
    assert_broken(chain, 500, INSERTED)


def _shift_up_from(db, seq: int) -> None:
    # Two steps, so the unique seq constraint holds after every row on both backends.
    sql(db, "UPDATE audit_entry SET seq = -seq WHERE seq >= :s", s=seq)
    sql(db, "UPDATE audit_entry SET seq = 1 - seq WHERE seq < 0")


@pytest.mark.parametrize("forge_hash", [True, False], ids=["forged-hash", "copied-hash"])
def test_an_entry_slipped_into_the_middle_is_detected_at_its_place(chain, forge_hash):
    predecessor = row(chain, 4)
    _shift_up_from(chain, 5)
    slipped = {**row(chain, 6), "seq": 5, "prev_hash": predecessor["hash"], "actor": "某人"}
    if forge_hash:
        slipped["hash"] = forged_hash(slipped)
    insert(chain, slipped)
    assert_broken(chain, 5, INSERTED)


# --- reordered ---


def _swap(db, a: int, b: int, columns: tuple[str, ...]) -> None:
    ra, rb = row(db, a), row(db, b)
    if "seq" in columns:
        # Whole rows swapped: only the id stays; park one seq so the unique constraint holds.
        set_row(db, a, {"seq": -1})
        set_row(db, b, {c: ra[c] for c in columns})
        set_row(db, -1, {c: rb[c] for c in columns})
    else:
        set_row(db, a, {c: rb[c] for c in columns})
        set_row(db, b, {c: ra[c] for c in columns})


@pytest.mark.parametrize("a, b", [(4, 8), (5, 6), (1, 11)])
def test_swapping_two_entries_is_detected_at_the_earlier(chain, a, b):
    _swap(chain, a, b, CONTENT)
    assert_broken(chain, a, REORDERED, "entries reordered")


@pytest.mark.parametrize("a, b", [(4, 8), (5, 6), (1, 11)])
def test_swapping_two_whole_rows_seq_included_is_detected_at_the_earlier(chain, a, b):
    _swap(chain, a, b, ("seq", *CONTENT))
    assert_broken(chain, a, REORDERED)


def test_swapping_only_the_sequence_numbers_is_detected(chain):
    set_row(chain, 4, {"seq": -1})
    set_row(chain, 8, {"seq": 4})
    set_row(chain, -1, {"seq": 8})
    assert_broken(chain, 4, REORDERED)


# --- corrections and history ---


def test_a_correction_is_a_new_entry_and_leaves_the_original_untouched(chain, clock):
    original = row(chain, 5)
    fixed = record_correction(
        chain, clock.now(), "李老师", 5, "病假，家长 15:02 来电", {"status": "病假"}
    )
    assert fixed.seq == 12
    assert fixed.action == "audit.correction"
    assert (fixed.entity, fixed.entity_id) == ("student", original["entity_id"])
    assert fixed.payload == {
        "corrects_seq": 5,
        "reason": "病假，家长 15:02 来电",
        "changes": {"status": "病假"},
    }
    assert row(chain, 5) == original
    assert verify_chain(chain).ok
    assert [r.seq for r in history(chain, "student", original["entity_id"])] == [5, 12]


def test_a_correction_needs_a_reason_and_an_existing_entry(chain, clock):
    service = AuditService(chain, clock)
    with pytest.raises(ValidationError):
        service.correct(5, "  ", "李老师")
    with pytest.raises(NotFoundError):
        service.correct(99, "写错了", "李老师")
    assert verify_chain(chain).entries == 11


def test_changing_a_setting_twice_appends_two_entries_in_its_history(db, clock):
    schedule = ScheduleService(db, clock)
    schedule.set_grace_minutes(15, "周建华")
    clock.set(clock.now() + dt.timedelta(minutes=5))
    schedule.set_grace_minutes(20, "周建华")
    records = AuditService(db, clock).history("school", 1)
    assert [r.action for r in records] == ["school.create", "school.grace", "school.grace"]
    assert [r.payload for r in records[1:]] == [{"old": 10, "new": 15}, {"old": 15, "new": 20}]
    assert records[1].at < records[2].at
    assert verify_chain(db).ok


def test_history_holds_only_that_records_entries(chain):
    records = history(chain, "student", "2023010103")
    assert [(r.seq, r.actor, r.payload) for r in records] == [
        (5, "王老师", {"status": "出勤", "n": 3})
    ]
    assert history(chain, "student", "nobody") == []


def test_recent_returns_the_last_entries_newest_last(chain):
    assert [r.seq for r in recent(chain, 3)] == [9, 10, 11]


def test_an_unreadable_payload_is_shown_raw_not_a_crash(chain):
    set_row(chain, 5, {"payload": "not json"})
    assert history(chain, "student", "2023010103")[0].payload == {"raw": "not json"}


# --- several stations at once ---


def test_stations_appending_at_once_keep_one_unbroken_chain(db_url):
    stations, appends = 4, 50
    errors: list[BaseException] = []
    barrier = threading.Barrier(stations)

    def station(n: int) -> None:
        database = open_database(db_url)  # its own engine and connections, like another PC
        try:
            barrier.wait()
            for i in range(appends):
                with database.write() as s:
                    audit.append(s, T0, f"station{n}", "call.log", "student", n, {"i": i})
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            database.dispose()

    threads = [threading.Thread(target=station, args=(n,)) for n in range(stations)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    database = open_database(db_url)
    try:
        report = verify_chain(database)
        assert report.ok, report.line()
        assert report.entries == 1 + stations * appends
        for n in range(stations):
            mine = history(database, "student", n)
            assert [r.payload["i"] for r in mine] == list(range(appends))
    finally:
        database.dispose()


def test_a_check_running_while_stations_append_sees_a_consistent_chain(db_url):
    database = open_database(db_url)
    stop = threading.Event()
    errors: list[BaseException] = []
    appended = [0]

    def station() -> None:
        writer = open_database(db_url)
        try:
            while not stop.is_set():
                with writer.write() as s:
                    audit.append(s, T0, "station", "call.log", "student", 1, {})
                appended[0] += 1
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            writer.dispose()

    thread = threading.Thread(target=station)
    thread.start()
    reports = []
    try:
        while (len(reports) < 20 or appended[0] < 100) and not errors and len(reports) < 2000:
            reports.append(verify_chain(database))
    finally:
        stop.set()
        thread.join(timeout=60)
        database.dispose()
    assert errors == []
    assert all(r.ok for r in reports), [r.line() for r in reports if not r.ok]
    assert len({r.entries for r in reports}) > 1  # the chain did grow under the checks


class _UndoError(Exception):
    """Rolls a write transaction back."""


def test_append_many_builds_the_chain_repeated_append_would(db):
    utc = dt.UTC
    records = [
        audit.AuditRecord(
            T0, "王老师", "attendance.mark", "attendance_mark", 7, {"status": "late"}
        ),
        audit.AuditRecord(T0, "王老师", "attendance.mark", "attendance_mark", "8"),  # same time
        audit.AuditRecord(T0.replace(tzinfo=utc), "demo", "demo.institution", "institution"),
        audit.AuditRecord(
            T0 + dt.timedelta(minutes=5, microseconds=3),
            "李老师",
            "leave.add",
            "leave",
            3,
            {"date": T0.date(), "reason": "发烧"},
        ),
    ]

    def content(s) -> list[tuple]:
        rows = s.execute(select(AuditEntry).where(AuditEntry.seq > 1).order_by(AuditEntry.seq))
        return [(e.seq, *(getattr(e, c) for c in CONTENT)) for e in rows.scalars()]

    with pytest.raises(_UndoError), db.write() as s:
        for r in records:
            audit.append(s, *r)
        one_by_one, tip = content(s), audit.chain_head(s)
        raise _UndoError
    with db.write() as s:
        assert audit.chain_head(s).seq == 1  # the appends above were rolled back
        audit.append_many(s, records)
        audit.append_many(s, [])  # nothing to append: the tip stays
    with db.read() as s:
        assert content(s) == one_by_one and len(one_by_one) == len(records)
        assert audit.chain_head(s) == tip
    assert verify_chain(db).ok
