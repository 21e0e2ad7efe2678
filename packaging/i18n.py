"""Maintains the Chinese translation: extract strings, fill translations from TSV, build .qm.

Usage::

    python packaging/i18n.py update            # lupdate ui/*.py into the .ts (keeps translations)
    python packaging/i18n.py fill FILE.tsv     # context<TAB>source<TAB>translation lines
    python packaging/i18n.py release           # lrelease the .ts into the .qm the app loads
    python packaging/i18n.py check             # exit 1 when a string has no translation
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "afterschool_zh_CN.ts"
QM = TS.with_suffix(".qm")


def _tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if found is None:
        venv_bin = Path(sys.executable).parent / f"pyside6-{name}"
        if venv_bin.exists():
            return str(venv_bin)
        raise SystemExit(f"pyside6-{name} not found (install PySide6-Essentials)")
    return found


def sources() -> list[str]:
    """Every Python file whose strings are translated."""
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").glob("*.py"))


def update() -> None:
    """Extract strings into the .ts, keeping existing translations, dropping vanished ones."""
    subprocess.run(
        [
            _tool("lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            *sources(),
            "-ts",
            str(TS.relative_to(ROOT)),
        ],
        cwd=ROOT,
        check=True,
    )


def fill(tsv: Path) -> int:
    """Set translations from a TSV file; returns how many messages were filled."""
    table: dict[tuple[str, str], str] = {}
    with tsv.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 3 and row[0] and not row[0].startswith("#"):
                table[(row[0], row[1].replace("\\n", "\n"))] = row[2].replace("\\n", "\n")
    tree = ET.parse(TS)
    count = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            if (name, source) not in table:
                continue
            tr = message.find("translation")
            if tr is None:
                tr = ET.SubElement(message, "translation")
            tr.text = table[(name, source)]
            tr.attrib.pop("type", None)
            count += 1
    ET.indent(tree)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    return count


def unfinished() -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    missing = []
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            tr = message.find("translation")
            if tr is None or tr.get("type") in ("unfinished", "vanished") or not (tr.text or ""):
                missing.append((name, message.findtext("source", "")))
    return missing


def release(out: Path = QM) -> None:
    """Compile the .ts into the binary .qm."""
    subprocess.run([_tool("lrelease"), "-silent", str(TS), "-qm", str(out)], check=True)


def main(argv: list[str]) -> int:
    """Command-line entry."""
    if not argv:
        print(__doc__)
        return 2
    if argv[0] == "update":
        update()
    elif argv[0] == "fill" and len(argv) == 2:
        print(f"filled {fill(Path(argv[1]))} messages")
    elif argv[0] == "release":
        release()
    elif argv[0] == "check":
        missing = unfinished()
        for context, source in missing:
            print(f"untranslated: {context}: {source}")
        return 1 if missing else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
