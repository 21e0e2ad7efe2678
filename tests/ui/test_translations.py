"""The Chinese translation is complete, current, and compiled into the .qm the app loads."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

# packaging/ is not a package (it would shadow PyPI's "packaging"), so load the tool by path.
_SPEC = importlib.util.spec_from_file_location(
    "i18n_tool", Path(__file__).resolve().parents[2] / "packaging" / "i18n.py"
)
assert _SPEC is not None and _SPEC.loader is not None
i18n = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(i18n)


def messages(ts: Path) -> dict[tuple[str, str], str | None]:
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            done = tr is not None and tr.get("type") is None and (tr.text or "")
            out[(ctx.findtext("name", ""), msg.findtext("source", ""))] = (
                tr.text if done and tr is not None else None
            )
    return out


def test_every_visible_string_has_a_chinese_translation():
    missing = [key for key, text in messages(i18n.TS).items() if text is None]
    assert missing == []


def test_translation_file_holds_exactly_the_strings_of_the_code(tmp_path):
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [i18n._tool("lupdate"), "-locations", "none", *i18n.sources(), "-ts", str(fresh)],
        cwd=i18n.ROOT,
        check=True,
        capture_output=True,
    )
    assert set(messages(fresh)) == set(messages(i18n.TS))


def test_placeholders_survive_translation():
    for (context, source), text in messages(i18n.TS).items():
        wanted = set(re.findall(r"\{\w+\}", source))
        assert set(re.findall(r"\{\w+\}", text or "")) == wanted, (context, source, text)


def test_compiled_qm_is_current(tmp_path):
    fresh = tmp_path / "fresh.qm"
    i18n.release(fresh)
    assert fresh.read_bytes() == i18n.QM.read_bytes(), "run: python packaging/i18n.py release"


def test_english_is_available_and_chinese_is_the_default(monkeypatch) -> None:
    # A fresh process: this one's QApplication already holds the Chinese translators.
    from ui.i18n import ENV_LANG, chosen_locale

    monkeypatch.delenv(ENV_LANG, raising=False)
    assert chosen_locale() == "zh_CN" and chosen_locale("en") == "en"
    probe = (
        "import sys; from PySide6.QtWidgets import QApplication; "
        "from ui.i18n import chosen_locale, install_translators; "
        "app = QApplication([]); keep = install_translators(app, chosen_locale()); "
        "sys.stdout.buffer.write(app.translate('MainWindow', 'Pupils').encode('utf-8'))"
    )
    root = Path(__file__).resolve().parents[2]
    words = {}
    for lang in ("", "en", "zh_CN"):
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", ENV_LANG: lang}
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, env=env, cwd=root, timeout=120
        )
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        words[lang] = done.stdout.decode("utf-8")
    assert words == {"": "学生名单", "en": "Pupils", "zh_CN": "学生名单"}
