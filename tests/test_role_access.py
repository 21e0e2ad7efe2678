"""Roles (R12: only the roles that need a screen can open it): pages, the window, the guards.

The matrix below is written out from design.md's afternoon of each role and what each page
shows; core.access.PAGES must agree with it entry by entry, so a page opened to one more role
is a decision someone has to write down here. The command line has no sign-in: it is the IT
administrator's tool on the machine holding the database (docs/privacy.md).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from sqlalchemy import select

from core.access import PAGES, allowed_pages, may_open
from core.account_rules import NotAllowedError
from core.roster_import import ALL_FIELDS, store_students
from core.services import Services
from core.staff_types import CLASS_TEACHER, DUTY_TEACHER, ROLES, SAFETY_OFFICER, StaffMember
from db.models import Student
from tests import qt_guard
from tests.core.test_verdict import FATHER, MOTHER, pupil

CT, DT, SO = CLASS_TEACHER, DUTY_TEACHER, SAFETY_OFFICER

# Page -> the roles that may open it, and why (the personal data each page shows).
EXPECTED: dict[str, set[str]] = {
    # Names, classes and leave of today's pupils: everybody's afternoon starts here.
    "today": {CT, DT, SO},
    # Photos of the adult and the children, the authorized list, the day's handoffs (R3, R4).
    "gate": {DT, SO},
    # Guardians' full phones of 无人接领 children: the duty teacher rings them (R7).
    "dismissal": {DT, SO},
    # The day's log and reports; phones masked except the officer's full export (R8, R12).
    "log": {DT, SO},
    # The class roll call; the absent alert shows guardians' full phones to call (R2).
    "attendance": {CT, SO},
    # Club members and the club teacher's roll call (R2).
    "clubs": {CT, SO},
    # Who is on duty where, head counts per group: staff names, no pupil details (R9).
    "coverage": {CT, DT, SO},
    # Incidents name a child and what happened; any teacher records one (R13).
    "safety": {CT, DT, SO},
    # Every pupil with guardians (phones masked) and the class-list import.
    "pupils": {SO},
    # Guardians' full phones, photos, 代接, institutions, the do-not-release list (R3).
    "people": {SO},
    # Pickup cards: holders and their children, printing and revoking.
    "cards": {SO},
    # Schedules and the school's rules: no personal data, but they decide releases.
    "settings": {SO},
    # Staff accounts: names, phones, PIN resets.
    "accounts": {SO},
}

needs_qt = pytest.mark.skipif(bool(qt_guard.QT_ERROR), reason=qt_guard.QT_ERROR or "")
DEMO_ACCOUNTS = {CT: "T001", DT: "D001", SO: "A001"}


def _member(role: str) -> StaffMember:
    return StaffMember(1, "X1", "某", role)


def test_every_page_has_a_decision_in_navigation_order() -> None:
    assert list(PAGES) == list(EXPECTED)


def test_each_page_opens_for_exactly_the_expected_roles() -> None:
    actual = {(page, role): may_open(_member(role), page) for page in PAGES for role in ROLES}
    expected = {(page, role): role in EXPECTED[page] for page in PAGES for role in ROLES}
    assert actual == expected
    assert not any(may_open(None, page) for page in PAGES)  # nothing before sign-in
    for role in ROLES:
        assert allowed_pages(_member(role)) == [p for p in EXPECTED if role in EXPECTED[p]]


@needs_qt
@pytest.mark.parametrize("role", ROLES)
def test_the_window_builds_exactly_the_pages_of_the_role(
    qtbot,  # noqa: ANN001
    demo_services: Services,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path,  # noqa: ANN001
    role: str,
) -> None:
    from ui.main_window import MainWindow

    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "card-key"))
    member = demo_services.accounts.sign_in(DEMO_ACCOUNTS[role], "1234")
    assert member.role == role

    window = MainWindow(demo_services, member)
    qtbot.addWidget(window)

    built = {key for key in PAGES if window.page(key) is not None}
    assert built == {key for key, roles in EXPECTED.items() if role in roles}
    assert window.nav.count() == window.pages.count() == len(built)
    window.sign_out()
    assert not any(window.page(key) for key in PAGES)  # nothing stays for the next person


@needs_qt
@pytest.mark.parametrize("role", ROLES)
def test_a_page_refuses_to_be_built_for_a_role_that_may_not_open_it(
    qtbot,  # noqa: ANN001
    demo_services: Services,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path,  # noqa: ANN001
    role: str,
) -> None:
    # The navigation lists only the allowed pages; the pages refuse any other way in too.
    from ui.main_window import MainWindow

    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "card-key"))
    member = demo_services.accounts.sign_in(DEMO_ACCOUNTS[role], "1234")
    window = MainWindow(demo_services, member)
    qtbot.addWidget(window)
    refused = []
    for entry in window._entries(member):
        if role in EXPECTED[entry.key]:
            continue
        try:
            entry.build()
        except NotAllowedError as exc:
            # Only the code is kept: the half-built page goes with the traceback, at once.
            refused.append((entry.key, exc.code))
        else:
            pytest.fail(f"the {entry.key} page was built for a {role}")
    assert {key for key, _ in refused} == {k for k, roles in EXPECTED.items() if role not in roles}
    assert {code for _, code in refused} <= {"page_not_allowed"}


@needs_qt
def test_the_officers_people_page_shows_the_phones_the_officer_keeps_up_to_date(
    qtbot,  # noqa: ANN001
    demo_services: Services,
) -> None:
    from PySide6.QtWidgets import QLabel

    from ui.people_page import PeoplePage

    officer = demo_services.accounts.sign_in("A001", "1234")
    page = PeoplePage(demo_services.people, officer)
    qtbot.addWidget(page)
    hit = demo_services.people.search("1")[0]
    card = demo_services.people.pupil_card(hit.student_id)

    page.select_student(hit.student_id)

    text = " ".join(label.text() for label in page.findChildren(QLabel))
    assert card.guardians and all(g.name in text for g in card.guardians)
    assert all(g.phone in text for g in card.guardians if g.phone)


# --- the core's own guards on writes that change personal data (checked in the database) ---


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 50), (200, 180, 160)).save(out, "JPEG")
    return out.getvalue()


WRITES = {
    "guardian": lambda sv, m, sid: sv.people.add_guardian(m, sid, "周舅舅", "舅舅", "13912345678"),
    "restriction": lambda sv, m, sid: sv.people.add_restriction(m, sid, "某人", "13912345679"),
    "photo": lambda sv, m, sid: sv.people.set_photo(m, "student", sid, _jpeg()),
    "proxy": lambda sv, m, sid: sv.people.add_proxy(
        m, sid, "邻居王阿姨", "邻居", "13912345670", DAY, DAY, "王芳（母亲）来电"
    ),
    "consent": lambda sv, m, sid: sv.dismissal_settings.set_consent(sid, DAY, m),
    "account": lambda sv, m, _sid: sv.accounts.add_staff(m, f"X{m.staff_no}", "新老师", CT, "4826"),
}
# A class teacher may add a one-day 代接 (R3); everything else here is the safety officer's.
WRITE_ROLES = {"proxy": {CT, SO}}
DAY = dt.date(2026, 12, 1)


@pytest.fixture
def staffed(services: Services) -> tuple[Services, dict[str, StaffMember], int]:
    """A one-pupil school with an account of each role."""
    with services._db.write() as s:  # noqa: SLF001
        store_students(s, [pupil("A1", "李小一", 1, 1, FATHER, MOTHER)], ALL_FIELDS)
        sid = s.scalar(select(Student.id))
    admin = services.accounts.create_admin("A001", "李安全", "5813")
    services.accounts.add_staff(admin, "T001", "王老师", CT, "4826")
    services.accounts.add_staff(admin, "D001", "赵老师", DT, "4827")
    members = {
        CT: services.accounts.sign_in("T001", "4826"),
        DT: services.accounts.sign_in("D001", "4827"),
        SO: services.accounts.sign_in("A001", "5813"),
    }
    return services, members, sid


def test_only_the_roles_that_need_it_change_personal_data(staffed) -> None:  # noqa: ANN001
    services, members, sid = staffed
    done = {}
    for write, action in WRITES.items():
        for role in ROLES:
            try:
                action(services, members[role], sid)
            except NotAllowedError:
                done[write, role] = False
            else:
                done[write, role] = True
    assert done == {(w, r): r in WRITE_ROLES.get(w, {SO}) for w in WRITES for r in ROLES}
