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
REDIS_CLI = "/usr/bin/redis-cli"
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

    extra = []

    def start(self):
        self._spawn([REDIS_BIN, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
                     "--dir", str(self.workdir), "--protected-mode", "no", "--maxmemory", "0", *self.extra])
        return self._await(self._ping)

    def command(self, line: bytes):
        """One inline command; its raw reply (up to 4 KiB), or b"" if the server does not answer."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
                s.sendall(line + b"\r\n")
                return s.recv(4096)
        except OSError:
            return b""

    def _ping(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def used_memory(self):
        return self.command(b"DBSIZE").decode().strip() or None


class RedisCluster:
    """Three redis-server masters in cluster mode (no replicas, no persistence), joined by
    `redis-cli --cluster create`; ready once every node's CLUSTER INFO says cluster_state:ok. The URL names one
    node: Slipway finds the cluster from it."""
    name = "redis-cluster"

    def __init__(self, workdir: Path, nodes=3):
        self.workdir = workdir
        self.nodes = []
        for i in range(nodes):
            node = Redis(workdir / f"node{i}")
            node.name = f"redis-server (cluster node {i})"
            self.nodes.append(node)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.nodes[0].port}"

    def start(self, timeout=60.0):
        for node in self.nodes:
            node.extra = ["--cluster-enabled", "yes", "--cluster-config-file", str(node.workdir / "nodes.conf"),
                          "--cluster-port", str(free_port())]
            node.start()
        argv = [REDIS_CLI, "--cluster", "create", *(f"127.0.0.1:{n.port}" for n in self.nodes),
                "--cluster-replicas", "0", "--cluster-yes"]
        with open(self.workdir / "create.log", "wb") as out:
            subprocess.run(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, check=True,
                           timeout=timeout)
        for node in self.nodes:
            node._await(lambda n=node: b"cluster_state:ok" in n.command(b"CLUSTER INFO"), timeout)
        return self

    def stop(self):
        for node in self.nodes:
            node.stop()


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
