"""What every station does at start and once a day: the retention job (R12), the daily backup.

Neither may stop the app or reach a teacher's screen: a failure is logged and tried again the
next day. The backup runs on a worker thread, since a PostgreSQL dump takes a few seconds.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from PySide6.QtCore import QRunnable, QThreadPool

from core.retention import run_retention
from core.services import Services

log = logging.getLogger(__name__)


def purge_expired(services: Services) -> None:
    """Delete personal data past its retention period (snapshots, ended proxies' photos …)."""
    try:
        run_retention(services)
    except Exception:  # noqa: BLE001 - logged; tomorrow again
        log.warning("retention job failed", exc_info=True)


def start_daily_backup(services: Services) -> None:
    """Keep today's backup (at most one a day, the newest N kept) without blocking the screen."""
    QThreadPool.globalInstance().start(QRunnable.create(partial(_backup, services)))


def _backup(services: Services) -> None:
    try:
        # The real date, not a simulated clock: one copy per day the PC really runs.
        path = services.backups.daily_if_due(dt.datetime.now())
    except Exception:  # noqa: BLE001 - e.g. pg_dump missing on this PC: logged, not shown
        log.warning("daily backup failed", exc_info=True)
    else:
        if path is not None:
            log.info("daily backup written to %s", path)
