"""Plain records exchanged between the class-list reader, the importer and the demo school."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

DEPARTURE_MODES = ("guardian", "self", "institution")


@dataclass(frozen=True)
class GuardianRecord:
    """One guardian as read from a class list."""

    name: str
    relation: str
    phone: str | None


@dataclass(frozen=True)
class StudentRecord:
    """One pupil as read from a class list, already normalised.

    ``row`` is the spreadsheet row (1-based, as Excel shows it); 0 for records not read from a file.
    """

    student_no: str
    name: str
    gender: str | None
    grade: int
    class_no: int
    after_school: bool = True
    weekdays: tuple[int, ...] = (1, 2, 3, 4, 5)
    departure: str = "guardian"
    notes: str = ""
    guardians: tuple[GuardianRecord, ...] = ()
    row: int = 0


class IssueCode(StrEnum):
    """Stable identifiers of import problems; the UI maps each to a Chinese sentence."""

    # file level (row is None)
    FILE_NOT_FOUND = "file_not_found"
    FILE_NOT_SPREADSHEET = "file_not_spreadsheet"
    FILE_EMPTY = "file_empty"
    FILE_ENCRYPTED = "file_encrypted"
    FILE_UNDECODABLE = "file_undecodable"
    SHEET_NOT_FOUND = "sheet_not_found"
    MISSING_COLUMN = "missing_column"
    # cell level
    EMPTY_VALUE = "empty_value"
    DUPLICATE = "duplicate"
    BAD_CLASS = "bad_class"
    BAD_GRADE = "bad_grade"
    SCIENTIFIC_NOTATION = "scientific_notation"
    BAD_STUDENT_NO = "bad_student_no"
    BAD_PHONE = "bad_phone"
    BAD_GENDER = "bad_gender"
    BAD_RELATION = "bad_relation"
    BAD_AFTER_SCHOOL = "bad_after_school"
    BAD_WEEKDAYS = "bad_weekdays"
    BAD_DEPARTURE = "bad_departure"
    TOO_LONG = "too_long"
    # warnings
    GUARDIAN_NO_PHONE = "guardian_no_phone"
    GUARDIAN_NO_NAME = "guardian_no_name"
    NO_GUARDIAN = "no_guardian"
    IGNORED_COLUMNS = "ignored_columns"


@dataclass(frozen=True)
class RosterIssue:
    """An error or warning found while reading a class list.

    ``message`` is the English text used on the command line, e.g. ``duplicate of row 5``; the
    command line prints ``row 7, 学号: duplicate of row 5``. ``params`` carries the values a
    translated message needs (``other_row``, ``value``, ``found``, ``columns``).
    """

    code: IssueCode
    message: str
    row: int | None = None
    column: str | None = None
    params: dict[str, object] = field(default_factory=dict)

    def cli_line(self) -> str:
        """The one-line form printed by ``import-roster``."""
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(self.column)
        prefix = ", ".join(where)
        # A cell's own line breaks (Alt+Enter in Excel) must not split the line.
        message = " ".join(self.message.splitlines())
        return f"{prefix}: {message}" if prefix else message


@dataclass(frozen=True)
class RosterSheet:
    """What was read from a class-list file, valid or not.

    ``columns`` and ``rows`` hold the raw cell texts of the header and each data row (with its
    spreadsheet row number) so that a preview can show the file as the user knows it.
    """

    students: tuple[StudentRecord, ...]
    errors: tuple[RosterIssue, ...]
    warnings: tuple[RosterIssue, ...]
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[int, tuple[str, ...]], ...] = ()
    header_row: int | None = None
    ignored_columns: tuple[str, ...] = ()
    # Fields whose column the file has (student_no, name, gender, grade, class, guardians,
    # after_school, weekdays, departure, notes): a re-import leaves absent fields untouched.
    fields: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        """True when the file can be imported as it is."""
        return not self.errors
