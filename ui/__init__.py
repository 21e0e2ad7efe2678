"""Desktop interface (PySide6): main window, pages, dialogs and Qt models."""
