"""Read a class-list file into normalised student records, listing every problem found."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from core import roster_values as rv
from core.roster_sources import HEADER_SEARCH_ROWS, UnreadableFileError, load_grid
from core.roster_types import (
    GuardianRecord,
    IssueCode,
    RosterIssue,
    RosterSheet,
    StudentRecord,
)
from core.roster_values import (
    canonical_class_name,
    normalise_phone,
    normalise_relation,
    parse_class,
)

__all__ = [
    "canonical_class_name",
    "normalise_phone",
    "normalise_relation",
    "parse_class",
    "read_roster",
]


# Excel wraps a password-protected .xlsx in an OLE2 file holding this stream.

_FIELD_HEADERS = {
    # Listed in order of preference when a file has several columns for one field.
    "student_no": ("学号", "学生学号", "学籍号", "学籍辅号", "学生编号", "编号"),
    "name": ("姓名", "学生姓名"),
    "gender": ("性别",),
    "grade": ("年级",),
    "class": ("班级", "班别", "班", "所在班级", "班级名称", "年级班级"),
    "after_school": ("课后服务", "是否参加课后服务", "参加课后服务"),
    "weekdays": ("服务日", "参加日期", "课后服务日", "服务日期", "参加日"),
    "departure": ("离校方式", "放学方式", "接送方式"),
    "notes": ("备注", "特殊情况", "过敏", "过敏史", "过敏情况"),
}
_HEADER_FIELD = {h: (f, rank) for f, hs in _FIELD_HEADERS.items() for rank, h in enumerate(hs)}
_REQUIRED = (("student_no", "学号"), ("name", "姓名"), ("class", "班级"))
_SERIAL_HEADERS = frozenset({"序号", "序", "no", "no.", "nr"})
_GROUP_NO = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_GUARDIAN_HEADER = re.compile(
    r"^(?:第(?P<n0>[1-9一二三四五]))?(?P<who>家长|监护人|联系人)?(?P<n1>[1-9一二三四五])?"
    r"(?P<part>姓名|名字|关系|与学生关系|与学生的关系|与本人关系|称谓"
    r"|联系电话|电话号码|电话|手机号码|手机号|手机|联系方式|联系号码)?(?P<n2>[1-9])?$"
)
_PARENT_HEADER = re.compile(
    r"^(?P<who>父亲|母亲|爸爸|妈妈)(?P<part>姓名|名字|联系电话|电话号码|电话|手机号码|手机号|手机|联系方式)?$"
)
_PART = {"关系": "relation", "与学生关系": "relation", "与学生的关系": "relation"}
_PART.update({"与本人关系": "relation", "称谓": "relation", "姓名": "name", "名字": "name"})
_HEADER_NOISE = re.compile(r"[*＊]|\((?:必填|选填|可选|必选)\)")
_SPACES = re.compile(r"\s+")
_FOOTER = re.compile(
    r"^(?:合计|总计|小计|共计|制表|填表|审核|班主任|签字|签名|说明|备注|注[:：意]|注$|日期[:：]|打印"
    r"|共\s*[0-9一二三四五六七八九十百]+\s*[人名])"
)
_COUNT = re.compile(r"^\d{1,4}\s*[人名]?$")
_ID_NUMBER = re.compile(r"^[A-Za-z]?\d{17}[\dXx]$")
_T = TypeVar("_T")


@dataclass
class _Guardian:
    """Where one guardian's cells are; ``relation_word`` is implied by headers like 父亲电话."""

    name: int | None = None
    relation: int | None = None
    phone: int | None = None
    relation_word: str = ""

    def position(self) -> int:
        """Where the guardian stands in the file: at the name column, else the first one."""
        if self.name is not None:
            return self.name
        return min(c for c in (self.relation, self.phone) if c is not None)


@dataclass
class _Layout:
    """Which column holds what, decided once from the header row."""

    fields: dict[str, int] = field(default_factory=dict)
    notes: list[int] = field(default_factory=list)
    guardians: list[_Guardian] = field(default_factory=list)
    ignored: list[int] = field(default_factory=list)
    serial: set[int] = field(default_factory=set)
    secret: set[int] = field(default_factory=set)

    @property
    def used(self) -> set[int]:
        """The columns whose values are read into records."""
        cols = {*self.fields.values(), *self.notes}
        for g in self.guardians:
            cols.update(c for c in (g.name, g.relation, g.phone) if c is not None)
        return cols


def read_roster(path: Path, sheet: str | None = None) -> RosterSheet:
    """Read a class list; every problem, including an unreadable file, becomes an issue.

    Args:
        path: an .xlsx, .xls, .ods, .csv or .txt file.
        sheet: the worksheet to read; the first visible one when None.

    Returns:
        The students of the rows without errors, the errors and warnings, and the raw header
        and data cells for a preview (ID-card numbers blanked out).
    """
    try:
        grid = load_grid(Path(path), sheet)
    except UnreadableFileError as problem:
        return RosterSheet(students=(), errors=(problem.issue,), warnings=())
    return _read_grid(grid)


# --- header ------------------------------------------------------------------------------------


def _header_key(text: str) -> str:
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", text)).casefold()


def _layout(headers: list[str]) -> _Layout:
    layout = _Layout()
    chosen: dict[str, tuple[int, int]] = {}
    numbered: dict[int, _Guardian] = {}
    parents: dict[str, _Guardian] = {}
    unnumbered: list[_Guardian] = []
    for col, text in enumerate(headers):
        key = _header_key(text)
        if not key:
            continue
        hit = _HEADER_FIELD.get(key)
        if hit and hit[0] == "notes":
            layout.notes.append(col)
            continue
        if hit:
            name, rank = hit
            if name not in chosen or rank < chosen[name][1]:
                if name in chosen:
                    layout.ignored.append(chosen[name][0])
                chosen[name] = (col, rank)
            else:
                layout.ignored.append(col)
            continue
        slot = _guardian_slot(key)
        if slot is None:
            layout.ignored.append(col)
            if key in _SERIAL_HEADERS:
                layout.serial.add(col)
            if "身份证" in key or "证件" in key:
                layout.secret.add(col)
            continue
        group_key, part, relation_word = slot
        if isinstance(group_key, int):
            group = numbered.setdefault(group_key, _Guardian())
        elif group_key:
            group = parents.setdefault(group_key, _Guardian(relation_word=relation_word))
        else:
            # Unnumbered columns repeat as blocks (姓名, 关系, 电话, 姓名, …): a part seen
            # again starts the next guardian.
            if not unnumbered or getattr(unnumbered[-1], part) is not None:
                unnumbered.append(_Guardian())
            group = unnumbered[-1]
        if getattr(group, part) is None:
            setattr(group, part, col)
        else:
            layout.ignored.append(col)
    layout.fields = {name: col for name, (col, _) in chosen.items()}
    # An unnumbered block is guardian 1 when it fills only the gaps of 家长1…; otherwise it
    # stays a guardian of its own, so no column is ever dropped.
    first = numbered.get(1)
    if unnumbered and first is not None:
        extra = unnumbered[0]
        parts = ("name", "relation", "phone")
        if all(getattr(extra, p) is None or getattr(first, p) is None for p in parts):
            for p in parts:
                if getattr(extra, p) is not None:
                    setattr(first, p, getattr(extra, p))
            unnumbered.pop(0)
    groups = [*numbered.values(), *parents.values(), *unnumbered]
    layout.guardians = sorted(groups, key=_Guardian.position)
    layout.ignored.sort()
    return layout


def _guardian_slot(key: str) -> tuple[int | str | None, str, str] | None:
    """(group, part, implied relation) for a guardian header, None for any other header."""
    m = _PARENT_HEADER.match(key)
    if m:
        part = _PART.get(m["part"] or "姓名", "phone")
        relation = rv.relation(m["who"])
        return relation, part, relation
    m = _GUARDIAN_HEADER.match(key)
    if not m or not (m["who"] or m["part"]):
        return None
    part = _PART.get(m["part"] or "姓名", "phone")
    if (part == "name" or m["n0"]) and not m["who"]:
        return None  # plain 姓名 is the pupil's name
    numbers = [n for n in (m["n0"], m["n1"], m["n2"]) if n]
    if len(numbers) > 1:
        return None
    group = (_GROUP_NO.get(numbers[0]) or int(numbers[0])) if numbers else None
    return group, part, ""


def _find_header(texts: list[list[str]]) -> tuple[int | None, list[str], _Layout]:
    """The header row index, or the likeliest candidate when no row has 学号 and 姓名."""
    best: tuple[int, int | None, list[str], _Layout] = (-1, None, [], _Layout())
    for idx, row in enumerate(texts[:HEADER_SEARCH_ROWS]):
        # Headers lose every space and line break ("学 号", "监护人1\n电话"); when the likeliest
        # candidate is a data row, an ID number in it must not reach an issue message.
        headers = ["" if _ID_NUMBER.match(t.strip()) else _SPACES.sub("", t) for t in row]
        if not any(headers):
            continue
        layout = _layout(headers)
        if "student_no" in layout.fields and "name" in layout.fields:
            return idx, headers, layout
        score = len(layout.fields) + len(layout.guardians) + len(layout.notes)
        if score > best[0]:
            best = (score, idx, headers, layout)
    return best[1], best[2], best[3]


# --- rows --------------------------------------------------------------------------------------


def _read_grid(grid: list[list[object]]) -> RosterSheet:
    width = max((len(r) for r in grid), default=0)
    texts = [[rv.cell_text(v) for v in r] + [""] * (width - len(r)) for r in grid]
    if not any(t.strip() for row in texts for t in row):
        return RosterSheet(
            students=(), errors=(RosterIssue(IssueCode.FILE_EMPTY, "no data"),), warnings=()
        )
    idx, headers, layout = _find_header(texts)
    errors: list[RosterIssue] = []
    for name, shown in _REQUIRED:
        if name not in layout.fields:
            found = [h for h in headers if h]
            errors.append(
                RosterIssue(
                    IssueCode.MISSING_COLUMN,
                    f"required column {shown} missing (found: {', '.join(found) or 'nothing'})",
                    column=shown,
                    params={"found": found},
                )
            )
    if idx is None or "student_no" not in layout.fields or "name" not in layout.fields:
        return RosterSheet(
            students=(),
            errors=tuple(errors),
            warnings=(),
            columns=tuple(headers),
            header_row=None if idx is None else idx + 1,
        )
    data_rows = _data_rows(texts, idx, headers, layout)
    warnings: list[RosterIssue] = []
    ignored = [headers[c] for c in layout.ignored]
    ignored += [
        f"column {_column_letter(c)}"
        for c, h in enumerate(headers)
        if not h and any(texts[r][c].strip() for r in data_rows)
    ]
    if ignored:
        warnings.append(
            RosterIssue(
                IssueCode.IGNORED_COLUMNS,
                f"ignored columns: {', '.join(ignored)}",
                params={"columns": ignored},
            )
        )
    if not layout.guardians:
        warnings.append(
            RosterIssue(IssueCode.NO_GUARDIAN, "no guardian columns: no student has a guardian")
        )
    if not data_rows:
        errors.append(RosterIssue(IssueCode.FILE_EMPTY, "no student rows below the header"))
    students: list[StudentRecord] = []
    first_row: dict[str, int] = {}
    for r in data_rows:
        issues = _RowIssues(r + 1, headers, errors, warnings)
        student_no, record = _read_row(grid[r], texts[r], layout, issues)
        if not student_no:
            continue
        other = first_row.setdefault(student_no, r + 1)
        if other != r + 1:
            issues.fail(
                layout.fields["student_no"],
                rv.CellError(
                    IssueCode.DUPLICATE, f"duplicate of row {other}", student_no, other_row=other
                ),
            )
        elif record is not None:
            students.append(record)
    return RosterSheet(
        students=tuple(students),
        errors=tuple(errors),
        warnings=tuple(warnings),
        columns=tuple(headers),
        rows=_preview(texts, data_rows, layout),
        header_row=idx + 1,
        ignored_columns=tuple(ignored),
        fields=_present_fields(layout),
    )


def _present_fields(layout: _Layout) -> frozenset[str]:
    present = set(layout.fields)
    if layout.notes:
        present.add("notes")
    if layout.guardians:
        present.add("guardians")
    return frozenset(present)


def _column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _data_rows(
    texts: list[list[str]], header: int, headers: list[str], layout: _Layout
) -> list[int]:
    """Indexes of the rows holding pupils: blank, footer and repeated header rows left out."""
    sn, name = layout.fields["student_no"], layout.fields["name"]
    klass = layout.fields.get("class")
    identity = [c for c in (sn, name, klass) if c is not None]
    rows: list[int] = []
    for r in range(header + 1, len(texts)):
        row = texts[r]
        if not "".join(row).strip():
            continue  # blank: checked at C speed, as a stray cell far below makes a million
        filled = [c for c, t in enumerate(row) if t.strip()]
        if not filled or all(c in layout.serial for c in filled):
            continue  # a blank row, or a template row numbered but never filled in
        if _SPACES.sub("", row[sn]) == headers[sn] and _SPACES.sub("", row[name]) == headers[name]:
            continue  # header repeated on every printed page
        if _is_footer(row, filled, layout):
            continue
        rows.append(r)
    # Whatever trails the last pupil without a student number, name or class is a footer too
    # (a date, a school stamp line); inside the list such a row is an error instead.
    while rows and not any(texts[rows[-1]][c].strip() for c in identity):
        rows.pop()
    return rows


def _is_footer(row: list[str], filled: list[int], layout: _Layout) -> bool:
    """A 合计 / 制表人 / 共 45 人 line: it never carries a student number or a class."""
    if not any(_FOOTER.match(row[c].strip()) for c in filled if c not in layout.notes):
        return False
    klass = row[layout.fields["class"]].strip() if "class" in layout.fields else ""
    if klass and not (_FOOTER.match(klass) or _COUNT.match(klass)):
        return False
    number = row[layout.fields["student_no"]].strip()
    if not number or _FOOTER.match(number):
        return True
    # A head count under the 学号 column (合计 | 45) is still a footer, unless a name says
    # the row is a pupil.
    name = row[layout.fields["name"]].strip()
    return bool(_COUNT.match(number)) and (not name or bool(_FOOTER.match(name)))


def _preview(
    texts: list[list[str]], data_rows: list[int], layout: _Layout
) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """The raw cells for display, with ID-card numbers blanked: they are never kept."""
    used = layout.used
    return tuple(
        (
            r + 1,
            tuple(
                "" if c in layout.secret or (c not in used and _ID_NUMBER.match(t.strip())) else t
                for c, t in enumerate(texts[r])
            ),
        )
        for r in data_rows
    )


class _RowIssues:
    """Collects the problems of one row under its spreadsheet row number and headers."""

    def __init__(
        self,
        excel_row: int,
        headers: list[str],
        errors: list[RosterIssue],
        warnings: list[RosterIssue],
    ):
        self.excel_row = excel_row
        self.headers = headers
        self.errors = errors
        self.warnings = warnings
        self.count = 0

    def fail(self, col: int, problem: rv.CellError) -> None:
        params: dict[str, object] = {"value": problem.value} if problem.value else {}
        params.update(problem.params)
        issue = RosterIssue(
            problem.code, problem.message, self.excel_row, self.headers[col], params
        )
        self.errors.append(issue)
        self.count += 1

    def warn(self, code: IssueCode, message: str, col: int | None) -> None:
        column = self.headers[col] if col is not None else None
        self.warnings.append(RosterIssue(code, message, self.excel_row, column))


def _read_row(
    raw: list[object], row: list[str], layout: _Layout, issues: _RowIssues
) -> tuple[str, StudentRecord | None]:
    """The student number and, when the row has no error, the pupil of one row."""
    fields = layout.fields
    col = fields["student_no"]
    student_no = ""
    try:
        student_no = rv.student_no(raw[col] if col < len(raw) else "")
    except rv.CellError as problem:
        issues.fail(col, problem)
    col = fields["name"]
    name = rv.person_name(row[col])
    if not name:
        issues.fail(col, rv.CellError(IssueCode.EMPTY_VALUE, "empty"))
    try:
        rv.check_length(name, rv.MAX_NAME)
    except rv.CellError as problem:
        issues.fail(col, problem)

    def cell(key: str, parse: Callable[[str], _T], default: _T) -> _T:
        if key not in fields:
            return default
        try:
            return parse(row[fields[key]])
        except rv.CellError as problem:
            issues.fail(fields[key], problem)
            return default

    gender = cell("gender", rv.gender, None)
    after_school = cell("after_school", rv.after_school, True)
    weekdays = cell("weekdays", rv.weekdays, rv.DEFAULT_WEEKDAYS)
    departure = cell("departure", rv.departure, "guardian")

    grade_hint: int | None = None
    grade_ok = True
    if "grade" in fields and row[fields["grade"]].strip():
        grade_hint = cell("grade", rv.grade, None)
        grade_ok = grade_hint is not None
    grade = class_no = 0
    # A bad 年级 cell already explains a class without a grade: one error per cause.
    if "class" in fields and grade_ok:
        col = fields["class"]
        if not row[col].strip():
            issues.fail(col, rv.CellError(IssueCode.EMPTY_VALUE, "empty"))
        else:
            grade, class_no = cell("class", lambda t: rv.school_class(t, grade_hint), (0, 0))

    guardians, given = _read_guardians(row, layout, issues)
    if layout.guardians and not given:
        issues.warn(IssueCode.NO_GUARDIAN, "no guardian", None)
    notes = "；".join(n for n in (row[c].strip() for c in layout.notes) if n)

    if issues.count or "class" not in fields:
        return student_no, None
    return student_no, StudentRecord(
        student_no=student_no,
        name=name,
        gender=gender,
        grade=grade,
        class_no=class_no,
        after_school=after_school,
        weekdays=weekdays,
        departure=departure,
        notes=notes,
        guardians=tuple(guardians),
        row=issues.excel_row,
    )


def _read_guardians(
    row: list[str], layout: _Layout, issues: _RowIssues
) -> tuple[list[GuardianRecord], bool]:
    """The valid guardians of a row, and whether the row names any guardian at all."""
    found: list[GuardianRecord] = []
    given = False
    for group in layout.guardians:
        name_text = row[group.name] if group.name is not None else ""
        relation_text = row[group.relation] if group.relation is not None else ""
        phone_text = row[group.phone] if group.phone is not None else ""
        name = rv.person_name(name_text)
        # A relation word alone names nobody: templates often pre-fill 父亲 / 母亲.
        if not name and not phone_text.strip():
            continue
        given = True
        before = issues.count
        if group.name is not None:
            try:
                rv.check_length(name, rv.MAX_NAME)
            except rv.CellError as problem:
                issues.fail(group.name, problem)
        relation = group.relation_word
        if group.relation is not None and relation_text.strip():
            try:
                relation = rv.relation(relation_text)
            except rv.CellError as problem:
                issues.fail(group.relation, problem)
        phone: str | None = None
        if group.phone is not None and phone_text.strip():
            try:
                phone = rv.phone(phone_text)
            except rv.CellError as problem:
                issues.fail(group.phone, problem)
        if issues.count > before:
            continue
        if phone is None:
            issues.warn(IssueCode.GUARDIAN_NO_PHONE, f"guardian {name} has no phone", group.name)
        if not name:
            issues.warn(
                IssueCode.GUARDIAN_NO_NAME, f"phone {phone} has no guardian name", group.phone
            )
        found.append(GuardianRecord(name=name, relation=relation, phone=phone))
    return found, given
