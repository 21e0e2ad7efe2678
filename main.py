"""Entry point: the desktop app by default, subcommands for scripted work."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from core import __version__

log = logging.getLogger("afterschool")

EXIT_OK, EXIT_FAIL, EXIT_INVALID = 0, 1, 2


class CliError(Exception):
    """A command-line failure: printed as one line on stderr."""

    def __init__(self, message: str, code: int = EXIT_FAIL) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One clear line instead of argparse's usage block.
        self.exit(EXIT_INVALID, f"error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The command line of design.md."""
    p = _Parser(prog="afterschool", description="课后服务考勤与接领交接")
    p.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy URL (default: $AFTERSCHOOL_DB or the embedded SQLite file)",
    )
    p.add_argument("--now", metavar="TIME", help="run at a simulated time, e.g. 2026-12-01T17:05")
    p.add_argument("--demo", action="store_true", help="open the demo school (its own database)")
    p.add_argument("--version", action="version", version=f"afterschool {__version__}")
    p.add_argument(
        "--lang",
        choices=("zh_CN", "en"),
        help="the window's language (default: $AFTERSCHOOL_LANG or zh_CN)",
    )
    p.add_argument(
        "--selftest",
        action="store_true",
        help="check this installation (a throw-away database, a QR code, the window); exit 0 if ok",
    )
    p.add_argument(
        "--camera",
        metavar="SOURCE",
        help="the gate's camera: a device index (0), a video file or a folder of images",
    )
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    init = sub.add_parser("init", help="create or upgrade the database")
    init.add_argument("--demo", action="store_true", dest="init_demo", help="fill a demo school")
    imp = sub.add_parser("import-roster", help="import a class list (xlsx, xls, ods, csv, txt)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--sheet", metavar="NAME")
    st = sub.add_parser("students", help="list pupils")
    st.add_argument("--json", action="store_true", required=True)
    sub.add_parser("audit-verify", help="check the audit log's hash chain; exit 1 if broken")
    cards = sub.add_parser("cards", help="issue missing pickup cards and print them to a PDF")
    cards.add_argument("--out", type=Path, required=True, metavar="F.pdf")
    cards.add_argument("--class", dest="class_name", metavar="CLASS", help="e.g. 三(2)班")
    cards.add_argument("--student", metavar="NO", help="one pupil's student number")
    vc = sub.add_parser(
        "verify-card",
        help="JSON verdict on a pickup card text; exit 0 valid, 1 refused "
        "(card key: $AFTERSCHOOL_CARD_KEY or this PC's key file)",
    )
    vc.add_argument("text", metavar="TEXT")
    vc.add_argument("--at", metavar="TIME", help="decide as at this time, e.g. 2026-12-01T17:15")
    si = sub.add_parser(
        "scan-image", help="decode QR codes in images: PATH<TAB>TEXT per code; exit 1 if none"
    )
    si.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    el = sub.add_parser(
        "export-log", help="write the daily supervision log (看管记录) as PDF, xlsx or CSV"
    )
    el.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    el.add_argument("--out", type=Path, required=True, metavar="F.pdf|F.xlsx|F.csv")
    el.add_argument(
        "--full-phones",
        action="store_true",
        help="the safety officer's export: phone numbers unmasked (R12)",
    )
    dv = sub.add_parser(
        "demo-video", help="write a video of demo guardians showing their cards (demo school)"
    )
    dv.add_argument("--out", type=Path, required=True, metavar="F.mp4")
    bk = sub.add_parser("backup", help="a consistent copy of the database, while the app runs")
    bk.add_argument("--out", type=Path, required=True, metavar="F")
    rs = sub.add_parser(
        "restore", help="check a backup, then replace the database with it (with --yes)"
    )
    rs.add_argument("--from", dest="source", type=Path, required=True, metavar="F")
    rs.add_argument("--yes", action="store_true", help="replace the database once the checks pass")
    return p


def _clock(args: argparse.Namespace):  # noqa: ANN202
    from core.clock import SimulatedClock, SystemClock, parse_now

    if args.now:
        try:
            return SimulatedClock(parse_now(args.now))
        except ValueError as exc:
            raise CliError(str(exc), EXIT_INVALID) from exc
    return SystemClock()


@contextmanager
def _open(args: argparse.Namespace, demo: bool) -> Iterator[tuple[Any, Any, Any]]:
    """Open and migrate the database for one command, closing every connection after."""
    from core.errors import AfterSchoolError
    from core.setup import initialise, open_database

    clock = _clock(args)
    try:
        db = open_database(args.db, demo=demo)
    except AfterSchoolError as exc:
        raise CliError(str(exc)) from exc
    try:
        try:
            result = initialise(db, clock, demo=demo, actor="命令行")
        except AfterSchoolError as exc:
            raise CliError(str(exc)) from exc
        if result.migrated_from_copy:
            print(
                f"database upgraded; previous copy kept at {result.migrated_from_copy}",
                file=sys.stderr,
            )
        yield db, clock, result
    finally:
        db.dispose()


def cmd_init(args: argparse.Namespace) -> int:
    """Create or upgrade the database; with --demo fill the demo school."""
    with _open(args, demo=args.init_demo or args.demo) as (db, _, result):
        where = db.sqlite_path or db.url.render_as_string(hide_password=True)
    if result.demo_pupils:
        print(f"demo school ready: {result.demo_pupils} pupils in {where}")
    else:
        print(f"database ready at {where}")
    return EXIT_OK


def cmd_import_roster(args: argparse.Namespace) -> int:
    """Import a class list: a one-line summary, or one line per error and exit 2."""
    from core.roster_import import RosterInvalidError, RosterService

    try:
        with _open(args, demo=args.demo) as (db, clock, _):
            summary = RosterService(db, clock).import_file(args.file, args.sheet, actor="命令行")
    except RosterInvalidError as exc:
        for issue in exc.sheet.errors:
            print(issue.cli_line(), file=sys.stderr)
        return EXIT_INVALID
    for warning in summary.warnings:
        print(f"warning: {warning.cli_line()}", file=sys.stderr)
    print(summary.line())
    return EXIT_OK


def cmd_students(args: argparse.Namespace) -> int:
    """Print every pupil as a JSON array sorted by student number."""
    from core.students import list_students

    with _open(args, demo=args.demo) as (db, _, _):
        data = [s.to_json() for s in list_students(db)]
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return EXIT_OK


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Check the audit chain: one line on stdout when intact, on stderr and exit 1 when not."""
    from core.audit_service import AuditService

    with _open(args, demo=args.demo) as (db, clock, _):
        report = AuditService(db, clock).verify()
    if not report.ok:
        print(report.line(), file=sys.stderr)
        return EXIT_FAIL
    print(report.line())
    return EXIT_OK


def cmd_cards(args: argparse.Namespace) -> int:
    """Issue a card to every selected holder without one, then print the cards in force."""
    from core.card_pdf import render_cards
    from core.cards import CardSelection, CardService
    from core.errors import NotFoundError
    from core.services import load_card_key
    from core.staff_types import SAFETY_OFFICER, StaffMember

    out: Path = args.out
    if not out.parent.is_dir():
        raise CliError(f"folder does not exist: {out.parent}", EXIT_INVALID)
    selection = CardSelection(class_name=args.class_name, student_no=args.student)
    # The command line has no signed-in account: cards it issues name no staff member.
    member = StaffMember(id=None, staff_no="CLI", name="命令行", role=SAFETY_OFFICER)  # type: ignore[arg-type]
    with _open(args, demo=args.demo) as (db, clock, _):
        service = CardService(db, clock, load_card_key(db))
        try:
            new = service.issue_missing(selection, member)
            cards = service.printable(selection)
        except NotFoundError as exc:
            if "class_name" in exc.params:
                raise CliError(f"no such class: {exc.params['class_name']}", EXIT_INVALID) from exc
            if "student_no" in exc.params:
                raise CliError(f"no such pupil: {exc.params['student_no']}", EXIT_INVALID) from exc
            raise
    try:
        render_cards(cards, out)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc
    print(f"wrote {len(cards)} cards ({new} new) to {out}")
    return EXIT_OK


def cmd_export_log(args: argparse.Namespace) -> int:
    """Write one day's supervision log; the format follows the suffix of --out."""
    import datetime as dt

    from core.daily_log import build_daily_log
    from core.errors import ValidationError
    from core.log_export import FORMATS, write_log
    from core.services import build_services

    try:
        day = dt.date.fromisoformat(args.date)
    except ValueError as exc:
        raise CliError(f"bad date {args.date!r}: use YYYY-MM-DD", EXIT_INVALID) from exc
    out: Path = args.out
    if out.suffix.lower() not in FORMATS:
        raise CliError(
            f"unknown log format {out.suffix or '(none)'}: use .pdf, .xlsx or .csv", EXIT_INVALID
        )
    if not out.parent.is_dir():
        raise CliError(f"folder does not exist: {out.parent}", EXIT_INVALID)
    with _open(args, demo=args.demo) as (db, clock, _):
        log = build_daily_log(db, build_services(db, clock), day, full_phones=args.full_phones)
    if args.full_phones:
        # No sign-in on the command line: whoever runs it is trusted, but is told what they hold.
        print(f"warning: {out} holds unmasked phone numbers (R12)", file=sys.stderr)
    try:
        write_log(log, out)
    except ValidationError as exc:
        raise CliError(str(exc), EXIT_INVALID) from exc
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc
    rows = len(log.section("handoffs").rows)
    print(f"wrote the log of {day:%Y-%m-%d} ({rows} handoffs) to {out}")
    return EXIT_OK


def cmd_verify_card(args: argparse.Namespace) -> int:
    """Print the release verdict on a card text as one JSON object; exit 1 on a refusal.

    The card key is read from the file named by $AFTERSCHOOL_CARD_KEY, else from this PC's
    default key file; a missing or foreign key file is an error, never a new key.
    """
    from core.clock import parse_now
    from core.schedule_service import ScheduleService
    from core.services import load_card_key
    from core.verdict import VerdictService
    from core.verdict_text import verdict_json

    try:
        at = parse_now(args.at) if args.at else None
    except ValueError as exc:
        raise CliError(str(exc).replace("--now", "--at"), EXIT_INVALID) from exc
    with _open(args, demo=args.demo) as (db, clock, _):
        verdict = VerdictService(db, clock, load_card_key(db), ScheduleService(db, clock)).scan(
            args.text, at=at, station="命令行"
        )
    sys.stdout.write(json.dumps(verdict_json(verdict), ensure_ascii=False) + "\n")
    return EXIT_OK if verdict.ok else EXIT_FAIL


def cmd_scan_image(args: argparse.Namespace) -> int:
    """Print PATH<TAB>TEXT for every QR code found; a bad file is one line on stderr."""
    from core.qr_decode import QrPipeline, ScanImageError, decode_image_file

    def one_field(text: str) -> str:
        # One line per code: tabs or line breaks in a code or a file name would break the
        # format, and a name that is not UTF-8 (POSIX) would make stdout raise.
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:  # a lone surrogate that no file system produced
            text = text.encode("utf-8", "replace").decode("utf-8")
        return " ".join(text.replace("\t", " ").splitlines())

    pipeline = QrPipeline()
    found = 0
    for path in args.images:
        shown = one_field(str(path))
        try:
            texts = decode_image_file(path, pipeline)
        except ScanImageError as exc:
            print(f"error: {shown}: {exc}", file=sys.stderr)
            continue
        for text in texts:
            print(f"{shown}\t{one_field(text)}")
            found += 1
    sys.stdout.flush()
    return EXIT_OK if found else EXIT_FAIL


def cmd_demo_video(args: argparse.Namespace) -> int:
    """Write the demo gate video (issuing demo cards where missing, one revoked)."""
    from core.cards import CardService
    from core.demo import DEMO_PIN
    from core.demo_gate import write_demo_video
    from core.errors import ValidationError
    from core.services import build_services, load_card_key
    from core.setup import demo_clock
    from core.staff_types import SAFETY_OFFICER, StaffMember

    out: Path = args.out
    if not out.parent.is_dir():
        raise CliError(f"folder does not exist: {out.parent}", EXIT_INVALID)
    member = StaffMember(id=None, staff_no="CLI", name="命令行", role=SAFETY_OFFICER)  # type: ignore[arg-type]
    with _open(args, demo=args.demo) as (db, clock, _):
        if not args.now:
            clock = demo_clock(db, clock)  # a weekend: the next school afternoon
        key = load_card_key(db)
        try:
            video = write_demo_video(db, clock, CardService(db, clock, key), key, member, out)
        except ValidationError as exc:
            if exc.code == "not_demo":
                raise CliError(
                    "demo-video works on the demo school only: add --demo", EXIT_INVALID
                ) from exc
            raise
        # The roll call of the shown children, so that the gate shows green when it plays.
        services = build_services(db, clock)
        officer = services.accounts.sign_in("A001", DEMO_PIN)
        day = clock.now().date()
        for card in video.cards:
            for sid in card.student_ids:
                services.attendance.mark(sid, day, 1, "present", officer)
    print(
        f"wrote {out}: {len(video.cards)} cards shown, {video.seconds:.0f} s; "
        f"their children are marked present on {day}"
    )
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    """Write a consistent copy of the database to --out, while stations may be writing.

    The database is neither created nor upgraded: it is copied as it is.
    """
    from core.backup import backup_database, database_for

    if not args.out.parent.is_dir():
        raise CliError(f"folder does not exist: {args.out.parent}", EXIT_INVALID)
    db = database_for(args.db, demo=args.demo)
    try:
        result = backup_database(db, args.out)
    finally:
        db.dispose()
    print(result.line())
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Check a backup whole; with --yes replace the database with it, keeping the old one.

    Without --yes it only says what it would replace and exits 2, changing nothing.
    """
    import datetime as dt

    from core.backup import database_for
    from core.restore import prepare_restore

    if not args.source.is_file():
        raise CliError(f"no such file: {args.source}", EXIT_INVALID)
    db = database_for(args.db, demo=args.demo)
    try:
        # File names of the kept database use the PC's real time, whatever --now says.
        with prepare_restore(db, args.source, dt.datetime.now()) as plan:
            print(f"checked {plan.check.line()}")
            if not args.yes:
                raise CliError(
                    f"restore would replace {plan.current}: run again with --yes to replace it",
                    EXIT_INVALID,
                )
            result = plan.apply()
    finally:
        db.dispose()
    print(result.line())
    return EXIT_OK


def run_gui(args: argparse.Namespace) -> int:
    """Start the desktop app."""
    from ui.app import run_app

    return run_app(args.db, args.demo, args.now, args.camera, args.lang)


COMMANDS = {
    "init": cmd_init,
    "import-roster": cmd_import_roster,
    "students": cmd_students,
    "audit-verify": cmd_audit_verify,
    "cards": cmd_cards,
    "export-log": cmd_export_log,
    "verify-card": cmd_verify_card,
    "scan-image": cmd_scan_image,
    "demo-video": cmd_demo_video,
    "backup": cmd_backup,
    "restore": cmd_restore,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run; every failure is one line on stderr."""
    from core.errors import AfterSchoolError

    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already printed as one line
        code = exc.code if isinstance(exc.code, int) else EXIT_INVALID
        # verify-card's exit 0 means "release": a card that reads "--help" must never pass.
        words = sys.argv[1:] if argv is None else list(argv)
        return EXIT_FAIL if code == EXIT_OK and "verify-card" in words else code
    if args.selftest:
        from ui.selftest import run_selftest

        return run_selftest()
    if args.command is None:
        return run_gui(args)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return COMMANDS[args.command](args)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except AfterSchoolError as exc:
        print(f"error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the contract: never a traceback on the CLI
        log.debug("unexpected failure", exc_info=True)
        print(f"error: {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
