"""Chinese sentences for class-list import problems, from their stable codes."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core.roster_types import IssueCode, RosterIssue


def _templates() -> dict[IssueCode, str]:
    # Built on each call so that a translator installed later is used.
    return {
        IssueCode.FILE_NOT_FOUND: QCoreApplication.translate(
            "RosterIssue", "The file cannot be found."
        ),
        IssueCode.FILE_NOT_SPREADSHEET: QCoreApplication.translate(
            "RosterIssue",
            "This is not a class list the app can read. Save it from Excel or WPS as "
            ".xlsx, .xls or .csv and try again.",
        ),
        IssueCode.FILE_EMPTY: QCoreApplication.translate("RosterIssue", "The file is empty."),
        IssueCode.FILE_ENCRYPTED: QCoreApplication.translate(
            "RosterIssue",
            "The file is protected by a password. Open it in Excel or WPS, remove the "
            "password, save it and try again.",
        ),
        IssueCode.FILE_UNDECODABLE: QCoreApplication.translate(
            "RosterIssue",
            "The text of the file cannot be read (unknown encoding). Save it from Excel as "
            '"CSV UTF-8" or as .xlsx.',
        ),
        IssueCode.SHEET_NOT_FOUND: QCoreApplication.translate(
            "RosterIssue", "There is no sheet of that name. Sheets: {found}"
        ),
        IssueCode.MISSING_COLUMN: QCoreApplication.translate(
            "RosterIssue", 'Required column "{column}" is missing. Columns found: {found}'
        ),
        IssueCode.EMPTY_VALUE: QCoreApplication.translate(
            "RosterIssue", "Empty; a value is required."
        ),
        IssueCode.DUPLICATE: QCoreApplication.translate(
            "RosterIssue", "Same student number as row {other_row}."
        ),
        IssueCode.BAD_CLASS: QCoreApplication.translate(
            "RosterIssue", 'Cannot tell the class from "{value}" (write e.g. 三(2)班).'
        ),
        IssueCode.BAD_GRADE: QCoreApplication.translate(
            "RosterIssue", 'Grade "{value}" is not between 1 and 6.'
        ),
        IssueCode.SCIENTIFIC_NOTATION: QCoreApplication.translate(
            "RosterIssue",
            '"{value}" lost digits (scientific notation). Format the column as text in '
            "Excel and type the numbers again.",
        ),
        IssueCode.BAD_PHONE: QCoreApplication.translate(
            "RosterIssue",
            '"{value}" is not a phone number (11-digit mobile or landline with area code).',
        ),
        IssueCode.BAD_GENDER: QCoreApplication.translate(
            "RosterIssue", '"{value}" is not a gender (男 or 女).'
        ),
        IssueCode.BAD_RELATION: QCoreApplication.translate(
            "RosterIssue", '"{value}" is not a relation (e.g. 父亲, 母亲, 外婆).'
        ),
        IssueCode.BAD_AFTER_SCHOOL: QCoreApplication.translate(
            "RosterIssue", '"{value}" is not 是 or 否.'
        ),
        IssueCode.BAD_WEEKDAYS: QCoreApplication.translate(
            "RosterIssue",
            'Cannot read the service days "{value}" (write e.g. 周一至周五 or 一三五).',
        ),
        IssueCode.BAD_DEPARTURE: QCoreApplication.translate(
            "RosterIssue", '"{value}" is not a departure mode (家长接送, 自行离校 or 托管机构).'
        ),
        IssueCode.TOO_LONG: QCoreApplication.translate(
            "RosterIssue", "Too long: at most {limit} characters."
        ),
        IssueCode.GUARDIAN_NO_PHONE: QCoreApplication.translate(
            "RosterIssue", "Guardian {value} has no phone number."
        ),
        IssueCode.GUARDIAN_NO_NAME: QCoreApplication.translate(
            "RosterIssue", "A guardian phone number has no name."
        ),
        IssueCode.NO_GUARDIAN: QCoreApplication.translate("RosterIssue", "No guardian listed."),
        IssueCode.IGNORED_COLUMNS: QCoreApplication.translate(
            "RosterIssue", "These columns are not imported: {columns}"
        ),
    }


def issue_text(issue: RosterIssue) -> str:
    """The Chinese sentence for one problem (without its row and column)."""
    template = _templates().get(issue.code)
    if template is None:
        return issue.message
    params = {k: _join(v) for k, v in issue.params.items()}
    params.setdefault("column", issue.column or "")
    params.setdefault("value", "")
    params.setdefault("found", "")
    params.setdefault("columns", "")
    params.setdefault("other_row", "")
    params.setdefault("limit", "")
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def issue_place(issue: RosterIssue) -> str:
    """第 7 行 · 学号, or nothing for a problem of the whole file."""
    parts = []
    if issue.row is not None:
        parts.append(QCoreApplication.translate("RosterIssue", "Row {row}").format(row=issue.row))
    if issue.column and issue.code != IssueCode.MISSING_COLUMN:
        parts.append(issue.column)
    return " · ".join(parts)


def _join(value: object) -> str:
    if isinstance(value, list | tuple | set | frozenset):
        return "、".join(str(v) for v in value)
    return str(value)
