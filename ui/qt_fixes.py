"""Keeps Python 3.11 alive under PySide6 6.12.0, which hands out None and True without references.

PySide6 6.12.0 returns ``None`` from void methods (``update()``, ``setText()`` …) and ``True``
from ``emit()`` without taking a reference. On Python 3.12+ these objects are immortal and
nothing happens; on Python 3.11 each call lowers their reference count by one, and after a few
thousand calls the process aborts ("deallocating None" / "deallocating True or False"). The
camera worker makes such calls 25+ times a second, so the gate would crash within minutes.

``install()`` probes for the fault and, only when present, gives None, True and False a huge
reference count, as Python 3.12 does, so the count can never reach zero. The real fix is
Python >= 3.12 or a PySide6 without the fault; then ``install()`` does nothing.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

_PROBES = 64
_PAD = 1 << 60
_installed = False


class _Probe(QObject):
    fired = Signal()


def steals_references() -> bool:
    """True when PySide6 calls lower the reference counts of None or True."""
    probe = _Probe()
    none, true = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.setObjectName("probe")  # a void method
        probe.fired.emit()
    lost_none = none - sys.getrefcount(None)
    lost_true = true - sys.getrefcount(True)
    _pad(None, max(0, lost_none))  # give back what the probe took
    _pad(True, max(0, lost_true))
    return lost_none >= _PROBES // 2 or lost_true >= _PROBES // 2


def _pad(obj: object, count: int) -> None:
    # ob_refcnt is the first field of every object in a release build of CPython.
    if count:
        ctypes.c_ssize_t.from_address(id(obj)).value += count


def install() -> bool:
    """Make None, True and False unkillable when PySide6 steals their references.

    Returns:
        True when the fault was found and worked around (now or by an earlier call).
    """
    global _installed
    if _installed:
        return True
    if sys.version_info >= (3, 12) or hasattr(sys, "gettotalrefcount"):
        return False  # immortal singletons, or a debug build laid out differently
    if not steals_references():
        return False
    for obj in (None, True, False):
        before = sys.getrefcount(obj)
        _pad(obj, _PAD)
        if sys.getrefcount(obj) - before != _PAD:  # not where we expected: undo, say so
            _pad(obj, -_PAD)
            log.error("cannot protect %r from PySide6's reference bug", obj)
            return False
    _installed = True
    log.warning(
        "PySide6 %s on Python %d.%d drops references to None and True; worked around "
        "(use Python 3.12+ to avoid it)",
        _pyside_version(),
        *sys.version_info[:2],
    )
    return True


def _pyside_version() -> str:
    import PySide6

    return str(PySide6.__version__)
