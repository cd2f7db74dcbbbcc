"""A throwaway PostgreSQL cluster for tests and benches: a temporary folder, 127.0.0.1 only, a free port.

Debian's PostgreSQL (``make test`` installs it) puts its programs in /usr/lib/postgresql/N/bin.
initdb and pg_ctl refuse to run as root, so when the caller is root they run as the ``postgres``
user (created by the Debian package) on a data folder that user owns. The cluster trusts local
TCP connections from its own superuser and test roles, except members of the role ``password_users``, who
must give a password (scram-sha-256): that is how tests check libpq's own password mechanisms.

    server = ThrowawayServer.start()
    url = server.create_database()      # postgresql://relmap_admin@127.0.0.1:PORT/t_...
    ...
    server.stop()                        # also runs at exit if forgotten
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ADMIN = "relmap_admin"
#: members of this role must log in with a password (see the module docstring)
PASSWORD_GROUP = "password_users"


class ServerUnavailable(RuntimeError):
    """PostgreSQL's programs are missing or the cluster would not start."""


def postgres_bin() -> Path:
    """The newest installed PostgreSQL's program folder (RELMAP_PG_BIN overrides it)."""
    override = os.environ.get("RELMAP_PG_BIN")
    if override:
        return Path(override)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise ServerUnavailable(
            "PostgreSQL is not installed (Debian package 'postgresql'; `make test` installs it when run as root)"
        )
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_owner() -> list[str]:
    """Prefix that runs a command as the user owning the cluster (postgres when we are root)."""
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", "postgres", "--"]


@dataclass
class ThrowawayServer:
    folder: Path
    port: int
    bin: Path
    _stopped: bool = field(default=False, repr=False)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @classmethod
    def start(cls, *, attempts: int = 3) -> ThrowawayServer:
        """initdb a cluster in a new temporary folder and start it; retried on a port taken meanwhile."""
        pg_bin = postgres_bin()
        folder = Path(tempfile.mkdtemp(prefix="relmap-pg-"))
        data = folder / "data"
        try:
            if os.geteuid() == 0:
                shutil.chown(folder, "postgres", "postgres")
            subprocess.run(
                [
                    *_as_owner(),
                    str(pg_bin / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    ADMIN,
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            (data / "pg_hba.conf").write_text(
                "# throwaway test cluster: TCP on 127.0.0.1 only\n"
                f"host all +{PASSWORD_GROUP} 127.0.0.1/32 scram-sha-256\n"
                "host all all 127.0.0.1/32 trust\n"
            )
            if os.geteuid() == 0:
                shutil.chown(data / "pg_hba.conf", "postgres", "postgres")
        except (subprocess.CalledProcessError, OSError) as exc:
            shutil.rmtree(folder, ignore_errors=True)
            detail = getattr(exc, "stderr", "") or str(exc)
            raise ServerUnavailable(f"initdb failed: {detail.strip()}") from exc
        last = ""
        for _ in range(attempts):
            server = cls(folder=folder, port=_free_port(), bin=pg_bin)
            done = subprocess.run(
                [
                    *_as_owner(),
                    str(pg_bin / "pg_ctl"),
                    "-D",
                    str(data),
                    "-w",
                    "-t",
                    "60",
                    "-l",
                    str(folder / "server.log"),
                    "-o",
                    f"-c listen_addresses=127.0.0.1 -p {server.port} -c unix_socket_directories='{folder}' "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60",
                    "start",
                ],
                capture_output=True,
                text=True,
            )
            if done.returncode == 0:
                atexit.register(server.stop)
                return server
            last = (
                (folder / "server.log").read_text(errors="replace")[-2000:]
                if (folder / "server.log").exists()
                else done.stderr
            )
        shutil.rmtree(folder, ignore_errors=True)
        raise ServerUnavailable(f"the test cluster would not start: {last.strip()}")

    def url(self, database: str = "postgres", *, user: str = ADMIN) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, *, database: str = "postgres") -> str:
        """Run SQL as the superuser (psql, no Python driver needed)."""
        done = subprocess.run(
            [
                str(self.bin / "psql"),
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                ADMIN,
                "-d",
                database,
                "-c",
                sql,
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}")
        return done.stdout

    def create_database(self, name: str | None = None) -> str:
        """A new, empty database; returns its URL (superuser, no password)."""
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Stop the cluster at once and remove its folder (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        subprocess.run(
            [*_as_owner(), str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
        )
        for _ in range(50):
            if not (self.data / "postmaster.pid").exists():
                break
            time.sleep(0.1)
        shutil.rmtree(self.folder, ignore_errors=True)
