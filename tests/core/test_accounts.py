"""Staff accounts: sign-in, lock-out counted in the database, first-run admin, audited changes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.account_rules import check_secret, fixed_salt_hash
from core.accounts import (
    AccountService,
    AdminExistsError,
    LockedOutError,
    NotAllowedError,
    UnknownStaffError,
    WrongSecretError,
)
from core.demo import DEMO_ACCOUNTS, DEMO_PIN, DEMO_SALT
from core.errors import ValidationError
from core.staff_types import CLASS_TEACHER, DUTY_TEACHER, SAFETY_OFFICER, StaffMember
from db.engine import Database
from db.models import AuditEntry, Staff
from tests.conftest import TEST_NOW


@pytest.fixture
def accounts(demo_db, clock) -> AccountService:
    return AccountService(demo_db, clock)


@pytest.fixture
def admin(accounts) -> StaffMember:
    return accounts.sign_in("A001", DEMO_PIN)


def audit_rows(db: Database, action: str | None = None) -> list[AuditEntry]:
    with db.read() as s:
        stmt = select(AuditEntry).order_by(AuditEntry.seq)
        if action:
            stmt = stmt.where(AuditEntry.action == action)
        return list(s.scalars(stmt))


def fail(accounts: AccountService, staff_no: str, times: int) -> list[Exception]:
    errors: list[Exception] = []
    for _ in range(times):
        with pytest.raises((WrongSecretError, LockedOutError)) as info:
            accounts.sign_in(staff_no, "9731")
        errors.append(info.value)
    return errors


# --- sign-in ---


@pytest.mark.parametrize(
    ("role", "class_id_set"),
    [(CLASS_TEACHER, True), (DUTY_TEACHER, False), (SAFETY_OFFICER, False)],
)
def test_each_demo_role_signs_in_with_the_demo_pin(accounts, role, class_id_set):
    member = accounts.sign_in(DEMO_ACCOUNTS[role], DEMO_PIN)
    assert member.role == role
    assert member.staff_no == DEMO_ACCOUNTS[role]
    assert (member.class_id is not None) is class_id_set
    assert member.actor == f"{member.name}({member.staff_no})"


def test_staff_number_is_read_without_case_or_spaces(accounts):
    assert accounts.sign_in("  t001 ", DEMO_PIN).staff_no == "T001"


def test_sign_in_is_recorded_in_the_audit_log(accounts, demo_db):
    member = accounts.sign_in("D001", DEMO_PIN)
    [entry] = audit_rows(demo_db, "staff.sign_in")
    assert (entry.actor, entry.entity_id, entry.at) == (member.actor, "D001", TEST_NOW)


def test_wrong_pin_tells_the_attempts_left(accounts):
    errors = fail(accounts, "T001", 4)
    assert [type(e) for e in errors] == [WrongSecretError] * 4
    assert [e.attempts_left for e in errors] == [4, 3, 2, 1]


def test_fifth_failure_locks_the_account_for_fifteen_minutes(accounts, clock):
    *_, last = fail(accounts, "T001", 5)
    assert isinstance(last, LockedOutError)
    assert last.until == TEST_NOW + dt.timedelta(minutes=15)
    with pytest.raises(LockedOutError):
        accounts.sign_in("T001", DEMO_PIN)  # even the right PIN waits
    clock.set(TEST_NOW + dt.timedelta(minutes=14, seconds=59))
    with pytest.raises(LockedOutError):
        accounts.sign_in("T001", DEMO_PIN)
    clock.set(TEST_NOW + dt.timedelta(minutes=15))
    assert accounts.sign_in("T001", DEMO_PIN).staff_no == "T001"


def test_lock_out_is_seen_by_every_station(demo_db, clock):
    fail(AccountService(demo_db, clock), "T002", 5)
    other_station = Database(demo_db.url.render_as_string(hide_password=False))
    try:
        with pytest.raises(LockedOutError):
            AccountService(other_station, clock).sign_in("T002", DEMO_PIN)
    finally:
        other_station.dispose()


def test_success_resets_the_failure_count(accounts):
    fail(accounts, "T001", 4)
    accounts.sign_in("T001", DEMO_PIN)
    [error] = fail(accounts, "T001", 1)
    assert isinstance(error, WrongSecretError) and error.attempts_left == 4


def test_unknown_staff_number_looks_like_a_wrong_pin_and_is_counted(accounts, clock):
    unknown = fail(accounts, "X999", 5)
    known = fail(accounts, "T003", 5)
    assert all(isinstance(e, UnknownStaffError) for e in unknown[:4])
    assert [str(e) for e in unknown[:4]] == [str(e) for e in known[:4]]
    assert [e.attempts_left for e in unknown[:4]] == [e.attempts_left for e in known[:4]]
    assert isinstance(unknown[4], LockedOutError)
    assert unknown[4].until == known[4].until
    clock.set(TEST_NOW + dt.timedelta(minutes=15))
    [after] = fail(accounts, "X999", 1)
    assert isinstance(after, UnknownStaffError) and after.attempts_left == 4


def test_failures_are_audited_without_the_secret(accounts, demo_db):
    fail(accounts, "T001", 5)
    failed = audit_rows(demo_db, "staff.sign_in_failed")
    locked = audit_rows(demo_db, "staff.locked_out")
    assert len(failed) == 4 and len(locked) == 1
    assert all("9731" not in e.payload for e in failed + locked)


def test_deactivated_account_cannot_sign_in(accounts, admin):
    t004 = next(a for a in accounts.list_staff() if a.staff_no == "T004")
    accounts.deactivate(admin, t004.id)
    with pytest.raises(UnknownStaffError):
        accounts.sign_in("T004", DEMO_PIN)
    accounts.reactivate(admin, t004.id)
    assert accounts.sign_in("T004", DEMO_PIN).id == t004.id


# --- first run ---


def test_empty_school_has_no_admin_until_one_is_created(db, clock):
    accounts = AccountService(db, clock)
    assert not accounts.has_admin()
    member = accounts.create_admin(" a100 ", "李安全", "school-safe")
    assert (member.staff_no, member.name, member.role) == ("A100", "李安全", SAFETY_OFFICER)
    assert accounts.has_admin()
    assert accounts.sign_in("A100", "school-safe") == member
    [entry] = audit_rows(db, "staff.create_admin")
    assert entry.actor == "李安全(A100)"
    with pytest.raises(AdminExistsError):
        accounts.create_admin("A101", "另一个", "other-pass")


def test_demo_school_already_has_an_admin(accounts):
    assert accounts.has_admin()
    with pytest.raises(AdminExistsError):
        accounts.create_admin("A002", "某某", "9731")


def test_admin_creation_refuses_a_trivial_pin(db, clock):
    accounts = AccountService(db, clock)
    with pytest.raises(ValidationError) as info:
        accounts.create_admin("A100", "李安全", "1234")
    assert info.value.code == "secret_trivial"
    assert not accounts.has_admin()


@pytest.mark.parametrize(
    ("secret", "code"),
    [
        ("123", "secret_short"),
        ("abc12", "secret_short"),
        ("0000", "secret_trivial"),
        ("1234", "secret_trivial"),
        ("98765", "secret_trivial"),
        ("12345678", "secret_trivial"),
        ("aaaaaaa", "secret_trivial"),
        ("      ", "secret_trivial"),
        ("x" * 129, "secret_long"),
        ("t001ab", None),
        ("T001", "secret_short"),
    ],
)
def test_secret_rules(secret, code):
    if code is None:
        check_secret(secret, "T001")
        return
    with pytest.raises(ValidationError) as info:
        check_secret(secret, "T001")
    assert info.value.code == code


@pytest.mark.parametrize("secret", ["4826", "30571942", "校园安全2026", "long pass phrase"])
def test_good_secrets_pass(secret):
    check_secret(secret, "T001")


def test_pin_equal_to_the_staff_number_is_refused():
    with pytest.raises(ValidationError) as info:
        check_secret("20190317", "20190317")
    assert info.value.code == "secret_is_staff_no"


def test_demo_pins_are_hashed_the_same_way_on_every_build(demo_db):
    with demo_db.read() as s:
        hashes = set(s.scalars(select(Staff.secret_hash)))
    assert hashes == {fixed_salt_hash(DEMO_PIN, DEMO_SALT)}
    assert DEMO_PIN not in next(iter(hashes))


# --- the administrator's changes ---


def test_admin_adds_an_account_that_can_sign_in(accounts, admin, demo_db):
    classes = accounts.list_classes()
    added = accounts.add_staff(admin, "t100", "新老师", CLASS_TEACHER, "4826", classes[2].id)
    assert (added.staff_no, added.class_name, added.active) == ("T100", classes[2].name, True)
    assert accounts.sign_in("T100", "4826").class_id == classes[2].id
    [entry] = audit_rows(demo_db, "staff.add")
    assert (entry.actor, entry.entity_id) == (admin.actor, "T100")
    assert "4826" not in entry.payload


def test_only_the_admin_changes_accounts(accounts, demo_db):
    teacher = accounts.sign_in("T001", DEMO_PIN)
    before = len(audit_rows(demo_db))
    t002 = next(a for a in accounts.list_staff() if a.staff_no == "T002")
    calls = [
        lambda: accounts.add_staff(teacher, "T100", "新老师", CLASS_TEACHER, "4826"),
        lambda: accounts.update_staff(teacher, t002.id, "改名", CLASS_TEACHER),
        lambda: accounts.set_secret(teacher, t002.id, "4826"),
        lambda: accounts.deactivate(teacher, t002.id),
        lambda: accounts.unlock(teacher, t002.id),
        lambda: accounts.set_idle_lock_minutes(teacher, 10),
    ]
    for call in calls:
        with pytest.raises(NotAllowedError) as info:
            call()
        assert info.value.code == "admin_only"
    assert len(audit_rows(demo_db)) == before


def test_a_forged_admin_member_is_refused(accounts):
    teacher = accounts.sign_in("T001", DEMO_PIN)
    forged = StaffMember(teacher.id, teacher.staff_no, teacher.name, SAFETY_OFFICER)
    with pytest.raises(NotAllowedError):
        accounts.set_idle_lock_minutes(forged, 10)


def test_duplicate_staff_number_is_refused(accounts, admin):
    with pytest.raises(ValidationError) as info:
        accounts.add_staff(admin, "t001", "重复", DUTY_TEACHER, "4826")
    assert info.value.code == "staff_no_taken"


def test_update_changes_role_and_class_and_is_audited(accounts, admin, demo_db):
    t005 = next(a for a in accounts.list_staff() if a.staff_no == "T005")
    updated = accounts.update_staff(admin, t005.id, "换岗老师", DUTY_TEACHER, t005.class_id)
    assert (updated.name, updated.role, updated.class_id) == ("换岗老师", DUTY_TEACHER, None)
    [entry] = audit_rows(demo_db, "staff.update")
    assert entry.actor == admin.actor and '"role"' in entry.payload
    assert accounts.sign_in("T005", DEMO_PIN).role == DUTY_TEACHER


def test_admin_cannot_remove_own_admin_role_or_deactivate_self(accounts, admin):
    with pytest.raises(NotAllowedError) as info:
        accounts.update_staff(admin, admin.id, admin.name, CLASS_TEACHER)
    assert info.value.code == "not_self"
    with pytest.raises(NotAllowedError):
        accounts.deactivate(admin, admin.id)
    assert accounts.sign_in("A001", DEMO_PIN).role == SAFETY_OFFICER


def test_the_last_admin_stays(accounts, admin):
    second = accounts.add_staff(admin, "A002", "副校长", SAFETY_OFFICER, "5813")
    other = accounts.sign_in("A002", "5813")
    accounts.deactivate(other, admin.id)  # two admins: one may go
    with pytest.raises(NotAllowedError) as info:
        accounts.update_staff(other, second.id, "副校长", DUTY_TEACHER)
    assert info.value.code == "not_self"
    accounts.reactivate(other, admin.id)
    accounts.update_staff(admin, second.id, "副校长", DUTY_TEACHER)
    assert accounts.sign_in("A002", "5813").role == DUTY_TEACHER


def test_reset_pin_replaces_the_old_one_and_lifts_the_lock(accounts, admin, demo_db):
    fail(accounts, "T006", 5)
    t006 = next(a for a in accounts.list_staff() if a.staff_no == "T006")
    assert accounts.is_locked(t006)
    accounts.set_secret(admin, t006.id, "5813")
    assert not accounts.is_locked(next(a for a in accounts.list_staff() if a.id == t006.id))
    with pytest.raises(WrongSecretError):
        accounts.sign_in("T006", DEMO_PIN)
    assert accounts.sign_in("T006", "5813").id == t006.id
    [entry] = audit_rows(demo_db, "staff.set_secret")
    assert (entry.actor, entry.entity_id) == (admin.actor, "T006")
    assert "5813" not in entry.payload


def test_unlock_lifts_a_lock_out_early(accounts, admin, demo_db):
    fail(accounts, "T007", 5)
    t007 = next(a for a in accounts.list_staff() if a.staff_no == "T007")
    accounts.unlock(admin, t007.id)
    assert accounts.sign_in("T007", DEMO_PIN).id == t007.id
    assert [e.entity_id for e in audit_rows(demo_db, "staff.unlock")] == ["T007"]


def test_idle_lock_minutes_default_and_change(accounts, admin, demo_db):
    assert accounts.idle_lock_minutes() == 5
    accounts.set_idle_lock_minutes(admin, 12)
    assert accounts.idle_lock_minutes() == 12
    [entry] = audit_rows(demo_db, "school.idle_lock")
    assert entry.actor == admin.actor and "[5, 12]" in entry.payload
    with pytest.raises(ValidationError) as info:
        accounts.set_idle_lock_minutes(admin, 0)
    assert info.value.code == "idle_range"


def test_every_account_change_names_the_admin_in_the_audit_log(accounts, admin, demo_db, clock):
    added = accounts.add_staff(admin, "D100", "值班新人", DUTY_TEACHER, "5813")
    accounts.update_staff(admin, added.id, "值班新人", DUTY_TEACHER, phone="13800001111")
    accounts.set_secret(admin, added.id, "6924")
    accounts.unlock(admin, added.id)
    accounts.deactivate(admin, added.id)
    accounts.reactivate(admin, added.id)
    accounts.set_idle_lock_minutes(admin, 8)
    # Today's: the demo's set-up closed its past days as the officer (day.close at 18:30).
    today = clock.now().date()
    entries = [e for e in audit_rows(demo_db) if e.actor == admin.actor and e.at.date() == today]
    assert [e.action for e in entries] == [
        "staff.sign_in",
        "staff.add",
        "staff.update",
        "staff.set_secret",
        "staff.unlock",
        "staff.deactivate",
        "staff.reactivate",
        "school.idle_lock",
    ]


def test_list_staff_shows_role_class_and_lock(accounts):
    fail(accounts, "T001", 5)
    rows = {a.staff_no: a for a in accounts.list_staff()}
    assert len(rows) == 28
    assert rows["T001"].class_name == "一(1)班" and rows["T001"].role == CLASS_TEACHER
    assert rows["A001"].role == SAFETY_OFFICER and rows["A001"].class_name == ""
    assert accounts.is_locked(rows["T001"]) and not accounts.is_locked(rows["T002"])
    assert all(a.has_secret and a.active for a in rows.values())
