"""Debian's nginx on a free port in front of several `cardapp serve` processes, as docs/deploy.md sets it up.

The generated configuration is the documented one with test paths: WebSocket connections go to the
process with the fewest (no stickiness needed: a WebSocket lives on one process), everything else
sticks to a process by address, and the access log has no client address or query string.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path

from tests.support.ports import free_port, wait_for_port
from tests.support.services import ServiceUnavailable

CONFIG = """\
worker_processes 1;
worker_rlimit_nofile 40000;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
{user}
# Each WebSocket holds two connections in nginx: the client's and the one to cardapp.
events {{ worker_connections 16384; }}

http {{
    client_body_temp_path {root}/tmp/body;
    proxy_temp_path {root}/tmp/proxy;
    fastcgi_temp_path {root}/tmp/fastcgi;
    uwsgi_temp_path {root}/tmp/uwsgi;
    scgi_temp_path {root}/tmp/scgi;

    # No client address, user agent or query string (which holds the Engine.IO session id).
    log_format cardapp '$time_iso8601 $request_method $uri $status $body_bytes_sent $request_time $upstream_addr';
    access_log {root}/access.log cardapp;

    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    map $http_upgrade $cardapp_pool {{ default cardapp_websocket; '' cardapp_sticky; }}

    upstream cardapp_websocket {{
        zone cardapp_websocket 64k;  # one view of the processes across nginx workers
        least_conn;
{servers}
    }}
    upstream cardapp_sticky {{
        zone cardapp_sticky 64k;
        hash $remote_addr consistent;
{servers}
    }}

    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 4m;

        location = /metrics {{ return 404; }}

        location / {{
            proxy_pass http://$cardapp_pool;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $host;  # never the client's own
            proxy_set_header X-Forwarded-For $remote_addr;
            # Above Engine.IO's ping interval plus timeout (25 s + 20 s).
            proxy_read_timeout 75s;
            proxy_send_timeout 75s;
            proxy_connect_timeout 2s;
            proxy_next_upstream error timeout http_502;
            proxy_buffering off;
        }}
    }}
}}
"""


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        raise ServiceUnavailable("nginx is missing: run `make test`, which installs Debian's nginx")
    return found


class Nginx:
    """nginx in the foreground with its own prefix folder; `ports` are the cardapp processes behind it."""

    def __init__(self, workdir: Path, ports: list[int]) -> None:
        self.binary = nginx_binary()
        self.root = workdir
        self.port = free_port()
        self.ports = ports
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> str:
        # fail_timeout: a killed process is skipped for a few seconds, then tried again after its restart.
        servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=3s;" for port in self.ports)
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
        return CONFIG.format(root=self.root, port=self.port, servers=servers, user=user)

    def start(self) -> None:
        (self.root / "tmp").mkdir(parents=True, exist_ok=True)
        conf = self.root / "nginx.conf"
        conf.write_text(self.config())
        checked = subprocess.run([self.binary, "-t", "-q", "-p", str(self.root), "-e", str(self.root / "error.log"),
                                  "-c", str(conf)], capture_output=True, text=True, timeout=30)
        if checked.returncode:
            raise ServiceUnavailable(f"nginx refused its configuration:\n{checked.stderr}")
        self.process = subprocess.Popen(
            [self.binary, "-p", str(self.root), "-e", str(self.root / "error.log"), "-c", str(conf)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not wait_for_port(self.port, 15):
            self.stop()
            raise ServiceUnavailable(f"nginx did not start on port {self.port}:\n{self.log_text()}")

    def log_text(self) -> str:
        parts = []
        for name in ("error.log", "access.log"):
            path = self.root / name
            if path.exists():
                parts.append(f"--- nginx {name} ---\n" + path.read_text("utf-8", errors="replace")[-5000:])
        return "\n".join(parts)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: nginx's fast shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
