"""The app's look: one stylesheet and a font that exists on Windows and Linux."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

# Windows ships Microsoft YaHei; Linux machines get Noto Sans CJK from fonts-noto-cjk.
CJK_FONTS = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "SimSun",
)

STYLESHEET = """
QWidget { font-size: 14px; }
#header { background: #1f4e79; }
#schoolName { color: white; font-size: 18px; font-weight: bold; }
#clock { color: white; font-size: 18px; }
#simBanner { background: #fff3cd; color: #7a5b00; padding: 6px 16px; font-size: 14px;
             border-bottom: 1px solid #e6c65c; }
#nav { background: #eef2f7; border: none; font-size: 16px; padding-top: 8px; }
#nav::item { padding-left: 18px; }
#nav::item:selected { background: #d5e3f3; color: #1f4e79; font-weight: bold;
                      border-left: 4px solid #1f4e79; }
#pageTitle { font-size: 20px; font-weight: bold; color: #1f2937; }
#sectionTitle { font-size: 15px; font-weight: bold; color: #1f2937; padding-top: 4px; }
#summary { font-size: 15px; color: #374151; }
#emptyHint { font-size: 16px; color: #4b5563; padding: 40px; }
#bandCard { background: white; border: 1px solid #cfd8e3; border-radius: 6px; }
#bandCard[noService="true"] { background: #f3f4f6; }
#cardTitle { font-size: 17px; font-weight: bold; color: #1f4e79; }
#cardBig { font-size: 20px; font-weight: bold; color: #1f4e79; }
#cardCounts { font-size: 15px; color: #111827; }
#cardNote { color: #b45309; }
#importStatus { font-size: 15px; padding: 6px; }
#importStatus[state="error"] { color: #b3261e; background: #fde2e1; }
#importStatus[state="ok"] { color: #14532d; background: #dcfce7; }
QPushButton { padding: 5px 14px; }
QPushButton#primary { background: #1f4e79; color: white; border-radius: 4px; padding: 6px 18px; }
QPushButton#primary:disabled { background: #9ca3af; }
QHeaderView::section { padding: 4px; font-weight: bold; }
"""


def apply_style(app: QApplication) -> None:
    """Set the font and stylesheet on the application."""
    families = set(QFontDatabase.families())
    family = next((f for f in CJK_FONTS if f in families), None)
    font = QFont(family) if family else app.font()
    font.setPointSize(10)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)
