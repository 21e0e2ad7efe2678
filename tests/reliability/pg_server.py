"""A throwaway private PostgreSQL server, for tests that stop, restart and cut off their server.

The shared server that CI and the other tests use is never touched: this one lives in its own
temporary folder, on a free port, with its socket in that folder. POSIX only (``runuser`` when
running as root, as CI does); ``find_binaries`` returns None where PostgreSQL is not installed,
so callers skip cleanly.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

SUPERUSER = "postgres"
START_TIMEOUT_S = 30


def find_binaries() -> Path | None:
    """The newest ``/usr/lib/postgresql/*/bin`` holding initdb and pg_ctl, else None."""
    root = Path("/usr/lib/postgresql")
    if os.name != "posix" or not root.is_dir():
        return None

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(p) for p in path.parent.name.split(".") if p.isdigit())

    found = [p for p in root.glob("*/bin") if (p / "initdb").exists() and (p / "pg_ctl").exists()]
    return max(found, key=version) if found else None


def missing_reason() -> str | None:
    """Why a private server cannot run here, or None when it can."""
    if find_binaries() is None:
        return "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivateServer:
    """One PostgreSQL cluster in a temporary folder: initdb, start, stop, kill connections, remove.

    Use ``PrivateServer.create()``; ``remove()`` stops it and deletes its folder.
    """

    def __init__(self, bindir: Path, folder: Path, port: int) -> None:
        self.bindir, self.folder, self.port = bindir, folder, port
        self.data = folder / "data"
        self.log = folder / "server.log"

    @classmethod
    def create(cls) -> PrivateServer:
        """Initialise and start a new cluster (fsync off: this data is thrown away).

        Raises:
            RuntimeError: no PostgreSQL binaries, or initdb or the start failed.
        """
        bindir = find_binaries()
        if bindir is None:
            raise RuntimeError("PostgreSQL server binaries not found")
        # In the system temp folder: the postgres user cannot enter pytest's private folders.
        folder = Path(tempfile.mkdtemp(prefix="as-private-pg-"))
        server = cls(bindir, folder, free_port())
        try:
            if os.geteuid() == 0:
                # The server refuses to run as root; its files must belong to postgres.
                shutil.chown(folder, SUPERUSER, SUPERUSER)
            server._run(
                "initdb", "-D", str(server.data), "-A", "trust", "-U", SUPERUSER, "-E", "UTF8"
            )
            server.start()
        except BaseException:
            server.remove()
            raise
        return server

    # --- addresses ---

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of ``database`` over TCP, as a station would connect."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def conninfo(self, database: str = "postgres") -> str:
        """The libpq address of ``database`` (admin connections of the harness)."""
        return f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname={database}"

    # --- life cycle ---

    def start(self, *, wait: bool = True) -> subprocess.Popen[bytes] | None:
        """Start on the same port; with ``wait=False`` return the running pg_ctl at once."""
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off"
        )
        args = ["start", "-D", str(self.data), "-l", str(self.log), "-o", options]
        if wait:
            self._run("pg_ctl", *args, "-w", "-t", str(START_TIMEOUT_S))
            return None
        return subprocess.Popen(
            self._command("pg_ctl", *args, "-W"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: ``fast`` (clients are disconnected) or ``immediate`` (a crash)."""
        if mode not in ("fast", "immediate", "smart"):
            raise ValueError(f"unknown stop mode {mode!r}")
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w")

    def accepting(self, timeout_s: float = 1.0) -> bool:
        """True when a new connection succeeds now."""
        try:
            with psycopg.connect(self.conninfo(), connect_timeout=max(1, round(timeout_s))):
                return True
        except psycopg.OperationalError:
            return False

    def wait_accepting(
        self, timeout_s: float = START_TIMEOUT_S, pause: Callable[[float], None] = time.sleep
    ) -> float:
        """Poll until a connection succeeds; the monotonic time it first did.

        ``pause`` waits between tries (a GUI harness keeps its event loop running).

        Raises:
            TimeoutError: the server did not come up in time.
        """
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.accepting():
                return time.monotonic()
            pause(0.02)
        raise TimeoutError(f"private PostgreSQL on port {self.port} did not come up")

    def terminate(self, database: str, *, exclude_pid: int | None = None) -> int:
        """End every backend connected to ``database`` (the stations' connections); how many."""
        with psycopg.connect(self.conninfo(), autocommit=True) as admin:
            row = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid() AND pid <> %s",
                (database, exclude_pid or 0),
            ).fetchone()
        return int(row[0]) if row else 0

    def terminate_pid(self, pid: int) -> bool:
        """End one backend and wait (up to 5 s) until it is gone."""
        with psycopg.connect(self.conninfo(), autocommit=True) as admin:
            row = admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,)).fetchone()
        return bool(row and row[0])

    def create_database(self, name: str, template: str | None = None) -> None:
        """CREATE DATABASE ``name`` (copied from ``template`` when given)."""
        tpl = f' TEMPLATE "{template}"' if template else ""
        with psycopg.connect(self.conninfo(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"{tpl}')

    def remove(self) -> None:
        """Stop the server (if running) and delete its folder; safe to call twice."""
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- helpers ---

    def _command(self, program: str, *args: str) -> list[str]:
        command = [str(self.bindir / program), *args]
        if os.geteuid() == 0:
            return ["runuser", "-u", SUPERUSER, "--", *command]
        return command

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run(
            self._command(program, *args), capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{program} {' '.join(args[:2])} failed ({done.returncode}): "
                f"{done.stderr.strip() or done.stdout.strip()}\n{log}"
            )
