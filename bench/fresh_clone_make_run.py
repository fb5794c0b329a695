"""How long `make run` takes on a fresh clone, from the command to the first answer of /healthz.

Clones the repository (or one commit of it) into a temporary folder, runs `make run` there with
no standard input on a free port, waits until /healthz answers, stops the server and prints the
seconds. Run from any Python; it uses only the standard library.

    python3 bench/fresh_clone_make_run.py [--commit REV] [--cold]

--cold empties the installers' caches for the run (pip: PIP_NO_CACHE_DIR; uv: a new UV_CACHE_DIR),
so every package is downloaded again.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
DEADLINE_S = 900


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def measure(commit: str, cold: bool) -> float:
    with tempfile.TemporaryDirectory(prefix="cardapp-fresh-") as folder:
        clone = Path(folder) / "cardapp"
        subprocess.run(["git", "clone", "--quiet", str(REPOSITORY), str(clone)], check=True)
        subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", commit], check=True)
        port = free_port()
        env = {**os.environ, "CARDAPP_PORT": str(port)}
        if cold:
            env |= {"PIP_NO_CACHE_DIR": "1", "UV_CACHE_DIR": str(Path(folder) / "uv-cache")}
        log = (Path(folder) / "make-run.log").open("w")
        started = time.monotonic()
        make = subprocess.Popen(["make", "run"], cwd=clone, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            while not answers(f"http://127.0.0.1:{port}/healthz"):
                if make.poll() is not None or time.monotonic() - started > DEADLINE_S:
                    raise SystemExit(f"make run ended or took too long: see {log.name}")
                time.sleep(0.2)
            return time.monotonic() - started
        finally:
            os.killpg(make.pid, signal.SIGTERM)
            make.wait(timeout=60)
            log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commit", default="HEAD", help="the commit to clone (default: HEAD)")
    parser.add_argument("--cold", action="store_true", help="download every package again")
    options = parser.parse_args()
    seconds = measure(options.commit, options.cold)
    print(f"make run on a fresh clone of {options.commit} ({'cold' if options.cold else 'warm'} caches): "
          f"{seconds:.1f} s to the first answer")


if __name__ == "__main__":
    main()
