"""Loads the Chinese translation of the app and of Qt's own dialogs."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"
DEFAULT_LOCALE = "zh_CN"
# The code's own strings are English: "en" needs no translation file of the app's.
ENV_LANG = "AFTERSCHOOL_LANG"


def chosen_locale(lang: str | None = None) -> str:
    """--lang, else $AFTERSCHOOL_LANG, else Chinese."""
    return lang or os.environ.get(ENV_LANG) or DEFAULT_LOCALE


def install_translators(app: QCoreApplication, locale: str = DEFAULT_LOCALE) -> list[QTranslator]:
    """Install the app's and Qt's translators for ``locale``; returns them to keep them alive."""
    QLocale.setDefault(QLocale(locale))
    installed = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    english = locale.split("_")[0] == "en"
    wanted = [(f"qtbase_{locale}", qt_dir)]
    if not english:
        wanted.append((f"afterschool_{locale}", str(TRANSLATIONS)))
    for name, folder in wanted:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
        elif name.startswith("afterschool"):
            log.error("translation %s not found in %s", name, folder)
    return installed
