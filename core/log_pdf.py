"""The daily supervision log as an A4 PDF: heading and page x/y on every page, split tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core.card_layout import register_font
from core.daily_log import (
    EXCEPTIONS,
    FLAGS,
    GAPS,
    HANDOFFS,
    INCIDENTS,
    PATROLS,
    TITLE,
    DailyLog,
    LogSection,
)

MARGIN = 14 * mm
SIZE = 8.0  # table text
PAD = 2.5  # cell padding left and right, points
COUNTED = frozenset({EXCEPTIONS, HANDOFFS, FLAGS, INCIDENTS, PATROLS, GAPS})
KEEP_ROWS = 20
HEAD_FILL = colors.HexColor("#e5e9f0")
RULE = colors.HexColor("#9aa4b1")


def pdf_styles(font: str) -> dict[str, ParagraphStyle]:
    """The paragraph styles of the documents: cell, title, h2, line."""
    cell = ParagraphStyle("cell", fontName=font, fontSize=SIZE, leading=SIZE * 1.3)
    cell.wordWrap = "CJK"  # Chinese has no spaces: break between any two characters
    return {
        "cell": cell,
        "title": ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1),
        "h2": ParagraphStyle(
            "h2", fontName=font, fontSize=11, leading=15, spaceBefore=8, spaceAfter=3
        ),
        "line": ParagraphStyle("line", fontName=font, fontSize=9, leading=13),
    }


def numbered_canvas(heading: str, note: str, font: str) -> type[Canvas]:
    """A canvas that holds back its pages so each footer can say how many there are."""

    class _NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = A4
            self.saveState()
            self.setFont(font, 9)
            self.setFillColor(colors.black)
            self.drawString(MARGIN, height - 9 * mm, heading)
            if note:
                self.drawRightString(width - MARGIN, height - 9 * mm, note)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, height - 10.5 * mm, width - MARGIN, height - 10.5 * mm)
            self.drawCentredString(width / 2, 8 * mm, f"第 {self._pageNumber} 页 / 共 {total} 页")
            self.restoreState()

    return _NumberedCanvas


def _cell(text: str, width: float, font: str, style: ParagraphStyle) -> object:
    # A plain string is drawn ten times faster than a Paragraph; only text that needs
    # wrapping pays for one (a day of 1,500 handoffs has 12,000 cells).
    if "\n" not in text and stringWidth(text, font, SIZE) <= width - 2 * PAD:
        return text
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def section_table(section: LogSection, avail: float, font: str, styles: dict[str, Any]) -> object:
    """A section as a table over ``avail`` points whose header repeats on every page."""
    total = sum(section.widths)
    widths = [avail * w / total for w in section.widths]
    data = [
        [_cell(h, w, font, styles["cell"]) for h, w in zip(section.headers, widths, strict=True)]
    ]
    for row in section.rows:
        data.append([_cell(v, w, font, styles["cell"]) for v, w in zip(row, widths, strict=True)])
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, SIZE),
                ("LEADING", (0, 0), (-1, -1), SIZE * 1.3),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ]
        )
    )
    return table


def signature_table(signatures: tuple[str, ...], font: str, avail: float) -> object:
    """Lines to sign and date, one per signer."""
    rows = [[f"{who}：", "", "日期：", ""] for who in signatures]
    table = Table(
        rows, colWidths=[avail * 0.22, avail * 0.4, avail * 0.1, avail * 0.28], rowHeights=12 * mm
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 10),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
                ("LINEBELOW", (3, 0), (3, -1), 0.6, colors.black),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
            ]
        )
    )
    return table


def render_log_pdf(log: DailyLog, out: Path) -> int:
    """Write the log to ``out`` (the caller renames it into place); returns the page count."""
    notes = [log.issue_note] if log.issue_note else []
    if log.full_phones:
        notes.append("含完整电话号码 仅限安全负责人")
    intro = [
        log.audit.status,
        f"当日末条审计记录：第 {log.audit.day_seq} 条 {log.audit.day_hash}",
    ]
    if not log.service:
        intro.append("本日无课后服务。")
    return render_sections_pdf(
        out,
        title_lines=(f"{log.school} {TITLE}", log.date_text),
        emphasis=log.issue_note,
        heading=log.heading,
        note="  ".join(notes),
        intro=tuple(intro),
        sections=log.sections,
        signatures=log.signatures,
        counted=COUNTED,
        doc_title=f"{TITLE} {log.day:%Y-%m-%d}",
        author=log.school,
    )


def render_sections_pdf(
    out: Path,
    *,
    title_lines: tuple[str, ...],
    heading: str,
    sections: tuple[LogSection, ...],
    signatures: tuple[str, ...] = (),
    note: str = "",
    emphasis: str = "",
    intro: tuple[str, ...] = (),
    counted: frozenset[str] = frozenset(),
    doc_title: str = "",
    author: str = "",
) -> int:
    """An A4 document of titled tables: the log, and the weekly and monthly reports.

    ``heading`` tops every page, with ``note`` at its right; the footer says page x of y.
    Returns the page count.
    """
    font = register_font()
    styles = pdf_styles(font)
    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=doc_title or heading,
        author=author,
        creator="afterschool",
    )
    avail = A4[0] - 2 * MARGIN
    story: list[object] = [Paragraph(escape(line), styles["title"]) for line in title_lines]
    if emphasis:
        story.append(Paragraph(escape(emphasis), styles["h2"]))
    story.append(Spacer(1, 2 * mm))
    story.extend(Paragraph(escape(line), styles["line"]) for line in intro)
    for section in sections:
        label = (
            f"{section.title}（{len(section.rows)}）" if section.key in counted else section.title
        )
        title = Paragraph(escape(label), styles["h2"])
        if section.rows and len(section.rows) <= KEEP_ROWS:
            # A short table is not worth splitting: a header and one row alone at a page foot.
            story.append(KeepTogether([title, section_table(section, avail, font, styles)]))
        elif section.rows:
            story.append(title)
            story.append(section_table(section, avail, font, styles))
        else:
            story.append(KeepTogether([title, Paragraph("无", styles["line"])]))
    if signatures:
        story.append(Spacer(1, 6 * mm))
        story.append(KeepTogether([signature_table(signatures, font, avail)]))
    doc.build(story, canvasmaker=numbered_canvas(heading, note, font))
    return int(doc.page)
