"""Remote cache servers for scenario e, each on a free loopback port: redis-server, and Debian's nginx as a
bazel-remote style HTTP cache (WebDAV PUT on every path). The OCI backend reuses registry.Registry."""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from .registry import free_port

REDIS_BIN = "/usr/bin/redis-server"
NGINX_BIN = "/usr/sbin/nginx"


class _Server:
    name = "server"

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = free_port()
        self.proc = None

    def _spawn(self, argv):
        self.workdir.mkdir(parents=True, exist_ok=True)
        with open(self.workdir / "stdout.log", "wb") as out:
            self.proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)

    def _await(self, ready, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:  # bounded readiness polling
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see {self.workdir}")
            if ready():
                return self
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} not ready on 127.0.0.1:{self.port} after {timeout}s; see {self.workdir}")

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()


class Redis(_Server):
    """redis-server with no persistence, data only in memory."""
    name = "redis-server"

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}"

    def start(self):
        self._spawn([REDIS_BIN, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
                     "--dir", str(self.workdir), "--protected-mode", "no", "--maxmemory", "0"])
        return self._await(self._ping)

    def _ping(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def used_memory(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
                s.sendall(b"DBSIZE\r\n")
                return s.recv(64).decode().strip()
        except OSError:
            return None


class Nginx(_Server):
    """nginx serving and accepting (WebDAV PUT) files under a throwaway root: a bazel-remote style cache."""
    name = "nginx"

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/cache"

    def start(self):
        d = self.workdir
        (d / "root").mkdir(parents=True, exist_ok=True)
        temps = "".join(f"  {k}_temp_path {d / k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        user = "user root;\n" if os.geteuid() == 0 else ""
        (d / "nginx.conf").write_text(
            f"daemon off;\nmaster_process on;\nworker_processes 2;\n{user}"
            f"error_log {d / 'error.log'} info;\npid {d / 'nginx.pid'};\n"
            "events { worker_connections 1024; }\nhttp {\n  default_type application/octet-stream;\n"
            f"  access_log {d / 'access.log'};\n{temps}"
            f"  server {{\n    listen 127.0.0.1:{self.port};\n    root {d / 'root'};\n"
            "    location / {\n      dav_methods PUT DELETE;\n      create_full_put_path on;\n"
            "      client_max_body_size 0;\n    }\n  }\n}\n")
        self._spawn([NGINX_BIN, "-p", str(d), "-c", str(d / "nginx.conf"), "-e", str(d / "error.log")])
        return self._await(self._get)

    def _get(self):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1):
                return True
        except urllib.error.HTTPError:
            return True  # any HTTP answer (403/404 for the empty root) means it is serving
        except OSError:
            return False

    def stored_files(self):
        return sum(1 for p in (self.workdir / "root").rglob("*") if p.is_file())
