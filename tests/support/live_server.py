"""The real `cardapp serve` in a subprocess on a free port, for tests only a real server can answer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.support.ports import free_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]
START_DEADLINE_S = 30


class LiveServer:
    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.workdir = workdir
        self.port = int(env.get("CARDAPP_PORT") or free_port())
        self.log_path = workdir / "server.log"
        self.env = {
            **os.environ,
            "CARDAPP_HOST": "127.0.0.1",
            "CARDAPP_INSTANCE_PATH": str(workdir / "instance"),
            "CARDAPP_DATABASE_URL": f"sqlite:///{workdir / 'cardapp.sqlite3'}",
            "PYTHONUNBUFFERED": "1",
            # The code under test, even when the virtualenv's editable install points at another
            # checkout (a git worktree sharing the main checkout's .venv): the server and the CLI
            # commands run against it would otherwise serve that checkout's scripts and decks.
            "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
            **env,
            "CARDAPP_PORT": str(self.port),
        }
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the server and wait until it answers /healthz, or fail with its log."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "cardapp", "serve"],
                cwd=self.workdir,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + START_DEADLINE_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"cardapp serve exited with {self.process.returncode}:\n{self.log_text()}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"cardapp serve did not answer within {START_DEADLINE_S}s:\n{self.log_text()}")

    def stop(self, sig: int = signal.SIGTERM, timeout_s: float = 15) -> int | None:
        """Send `sig` and wait for the process to end; kill it if it does not."""
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None

    def log_text(self) -> str:
        return self.log_path.read_text("utf-8", errors="replace") if self.log_path.exists() else ""
