"""Throwaway PostgreSQL and Redis servers on free ports, from the installed binaries.

They never touch a server that may already run on the standard ports, and they fail loudly
(never skip) when a binary is missing: `make test` installs them.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from tests.support.ports import free_port, wait_for_port


class ServiceUnavailable(RuntimeError):
    """A service the tests need could not be started; the message says how to get it."""


def _postgres_bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key, reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise ServiceUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) are missing: run `make test`, which installs "
        "Debian's postgresql package"
    )


def _version_key(path: str) -> int:
    try:
        return int(Path(path).parents[1].name)
    except ValueError:
        return 0


class PostgresServer:
    """initdb into a temporary folder, then pg_ctl start on a free port; trust auth on loopback."""

    def __init__(self, _workdir: Path) -> None:
        self.bin = _postgres_bin_dir()
        self.port = free_port()
        # PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user,
        # in a folder that user can reach (pytest's own temp folders are private to root).
        self.run_as = "postgres" if os.geteuid() == 0 else None
        self.root = Path(tempfile.mkdtemp(prefix="cardapp-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)

    def start(self) -> None:
        if self.run_as:
            user = pwd.getpwnam(self.run_as)
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self.root.chmod(0o755)
        done = self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                         "--no-sync", "--locale=C")
        if done.returncode:
            raise ServiceUnavailable(f"initdb failed:\n{done.stdout}\n{done.stderr}")
        self.resume()

    def resume(self) -> None:
        """Start the initialised cluster (again), on the same port."""
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off -c max_connections=200"
        done = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start")
        if done.returncode or not wait_for_port(self.port, 30):
            log = self.log.read_text() if self.log.exists() else ""
            raise ServiceUnavailable(f"PostgreSQL did not start:\n{done.stdout}\n{done.stderr}\n{log}")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/postgres"

    def create_database(self) -> str:
        """A new empty database on this server; returns its SQLAlchemy URL."""
        name = f"test_{uuid.uuid4().hex[:12]}"
        done = self._run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "postgres",
                         "-v", "ON_ERROR_STOP=1", "-c", f'CREATE DATABASE "{name}"')
        if done.returncode:
            raise ServiceUnavailable(f"could not create a database: {done.stderr}")
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/{name}"

    def pause(self) -> None:
        """Stop the server and keep its data, as an outage would (`resume` brings it back)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


class RedisServer:
    """redis-server on a free port, keeping nothing on disk."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise ServiceUnavailable("redis-server is missing: run `make test`, which installs Debian's redis-server")
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir), "--logfile", str(self.workdir / "redis.log")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        if not wait_for_port(self.port, 15):
            self.stop()
            raise ServiceUnavailable(f"redis-server did not start on port {self.port}")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
