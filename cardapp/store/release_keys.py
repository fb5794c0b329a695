"""The keys that seal pulse answers until they are released into the counters, kept outside the database.

Each key is a file `k<n>.key` (32 random bytes, hex) in a folder of the instance (`pulse_keys/`), never
in the database: a copy of the database alone, its write-ahead log included, cannot open a sealed
answer. The newest key seals new answers. A release makes a newer key first, then opens the pending
answers with every key there is, adds them into the counters, and destroys the older keys: what the
write-ahead log kept of the answers' transactions can then never be opened again.

A key is written to disk (and flushed) before any answer is sealed with it, so pending answers survive
a restart. Rows do not say which key sealed them (that would date them to a release period): opening
tries each key, and there are only ever one or two. Several server processes must share this folder,
as they share the instance's secret key.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

_NAME = re.compile(r"^k(\d+)\.key$")
KEY_BYTES = 32
_LOCK_PAUSE_S = 0.05


class ReleaseKeys:
    """The key folder of one installation."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _numbers(self) -> list[int]:
        if not self.folder.is_dir():
            return []
        return sorted(int(match.group(1)) for name in os.listdir(self.folder) if (match := _NAME.match(name)))

    def _path(self, number: int) -> Path:
        return self.folder / f"k{number}.key"

    def _sync_folder(self) -> None:
        descriptor = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    def _create(self, number: int) -> bool:
        """Write key `number` whole and durable before it can be seen; False if it already exists."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = self.folder / f"new-{secrets.token_hex(8)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(descriptor, secrets.token_bytes(KEY_BYTES).hex().encode())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        try:
            os.link(temporary, self._path(number))  # fails if another process made it first
            created = True
        except FileExistsError:
            created = False
        finally:
            temporary.unlink()
        self._sync_folder()
        return created

    def _read(self, number: int) -> bytes | None:
        try:
            return bytes.fromhex(self._path(number).read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def current(self) -> bytes:
        """The key that seals answers now (made on first use)."""
        while True:
            numbers = self._numbers()
            if not numbers:
                self._create(1)
                continue
            key = self._read(numbers[-1])
            if key is not None and len(key) == KEY_BYTES:
                return key

    def all(self) -> list[bytes]:
        """Every key there is, newest first."""
        keys = [self._read(number) for number in reversed(self._numbers())]
        return [key for key in keys if key is not None and len(key) == KEY_BYTES]

    def rotate(self) -> list[int]:
        """Make a newer key for new answers; the numbers of the keys it retires (to destroy after a release)."""
        numbers = self._numbers()
        if not numbers:
            return []  # nothing was ever sealed
        newest = numbers[-1] + 1
        while not self._create(newest):
            newest += 1
        return [number for number in numbers if number < newest]

    def destroy(self, numbers: list[int]) -> None:
        """Overwrite and delete retired keys: what they sealed can no longer be opened."""
        for number in numbers:
            path = self._path(number)
            with contextlib.suppress(FileNotFoundError):
                with open(path, "r+b") as handle:
                    handle.write(b"-" * KEY_BYTES * 2)  # not hex: never read as a key again
                    handle.flush()
                    os.fsync(handle.fileno())
                path.unlink()
        if numbers and self.folder.is_dir():
            self._sync_folder()

    @contextlib.contextmanager
    def releasing(self) -> Iterator[None]:
        """One release at a time in this folder (processes of one host); waits in short sleeps, so an
        eventlet server goes on meanwhile. Never taken by an answer: it would wait on a release that
        waits on the answer's database lock."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(self.folder / "release.lock", "a") as handle:
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    time.sleep(_LOCK_PAUSE_S)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
