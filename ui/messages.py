"""Shared pieces of the pages' Chinese error messages: filling a template, the warning box."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def fill(template: str, params: dict[str, str]) -> str:
    """The template with its placeholders filled; as it is when a value is missing."""
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def warn(parent: QWidget, title: str, text: str) -> QMessageBox:
    """A window-modal warning that does not block; returned so callers and tests can see it."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
