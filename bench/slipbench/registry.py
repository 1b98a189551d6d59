"""Runs Debian's docker-registry (CNCF distribution 2.8) on a free loopback port for push scenarios."""

import gzip
import hashlib
import http.client
import io
import json
import os
import signal
import socket
import subprocess
import tarfile
import time
import urllib.request
from pathlib import Path

REGISTRY_BIN = "/usr/bin/docker-registry"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def requests_by_kind(lines):
    """Counts access-log requests as "METHOD kind" (kind: manifests, blobs, uploads, other)."""
    counts = {}
    for line in lines:
        start = line.find('"')
        parts = line[start + 1:].split(" ") if start >= 0 else []
        if len(parts) < 2 or not parts[1].startswith("/v2/") or "slipbench-sentinel" in parts[1]:
            continue
        path = parts[1]
        kind = ("uploads" if "/blobs/uploads/" in path else "blobs" if "/blobs/" in path
                else "manifests" if "/manifests/" in path else "other")
        key = f"{parts[0]} {kind}"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


class Registry:
    """A registry process. Its access log (stdout, combined log format) is used to count real uploads."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.access_log = workdir / "access.log"
        self.proc = None
        self._sentinels = 0

    def start(self, timeout=15.0):
        self.workdir.mkdir(parents=True, exist_ok=True)
        config = self.workdir / "config.yml"
        config.write_text(
            "version: 0.1\n"
            "log:\n  level: info\n"
            f"storage:\n  filesystem:\n    rootdirectory: {self.workdir / 'data'}\n"
            f"http:\n  addr: {self.host}\n")
        with open(self.access_log, "wb") as out, open(self.workdir / "registry.log", "wb") as err:
            self.proc = subprocess.Popen([REGISTRY_BIN, "serve", str(config)], stdout=out, stderr=err,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:  # bounded readiness polling
            if self.proc.poll() is not None:
                raise RuntimeError(f"docker-registry exited with {self.proc.returncode}; "
                                   f"see {self.workdir / 'registry.log'}")
            try:
                with urllib.request.urlopen(f"http://{self.host}/v2/", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"docker-registry not ready on {self.host} after {timeout}s")

    def log_offset(self):
        """Byte offset of the end of the access log, after a sentinel request has been logged.

        The registry writes an access-log line after each response, so a client may exit before its last
        line is written. A sentinel request made afterwards, and waited for, bounds that race.
        """
        self._sentinels += 1
        tag = f"slipbench-sentinel={self._sentinels}"
        with urllib.request.urlopen(f"http://{self.host}/v2/?{tag}", timeout=5):
            pass
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # bounded polling for the sentinel line
            data = self.access_log.read_bytes()
            if tag.encode() in data:
                return len(data)
            time.sleep(0.01)
        raise RuntimeError("registry access log did not record the sentinel request")

    def count_between(self, start, end):
        """Counts blob upload completions and manifest PUTs logged between two offsets."""
        with open(self.access_log, "rb") as f:
            f.seek(start)
            text = f.read(end - start).decode("utf-8", "replace")
        lines = text.splitlines()
        return {
            "blobPuts": sum(1 for l in lines if '"PUT /v2/' in l and "/blobs/uploads/" in l),
            "manifestPuts": sum(1 for l in lines if '"PUT /v2/' in l and "/manifests/" in l),
            "requests": sum(1 for l in lines if '"' in l and "slipbench-sentinel" not in l),
            "byKind": requests_by_kind(lines),
        }

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


def push_binary(host, repo, binary: Path, tag="latest"):
    """What a Dockerfile's last step amounts to, done as cheaply as a client can: one layer holding the binary
    (tar, gzip level 6 as go's compress/gzip default), a config and a manifest, each uploaded in one request to
    the registry at host. The baseline of a build-and-push row; returns the layer's compressed size."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        info = tar.gettarinfo(str(binary), arcname="app")
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mtime = 0
        with open(binary, "rb") as f:
            tar.addfile(info, f)
    layer_raw = raw.getvalue()
    layer = gzip.compress(layer_raw, compresslevel=6, mtime=0)
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "config": {"Entrypoint": ["/app"]},
                         "rootfs": {"type": "layers", "diff_ids": [_digest(layer_raw)]}}).encode()
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": _digest(config),
                   "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": _digest(layer),
                    "size": len(layer)}]}).encode()
    conn = http.client.HTTPConnection(host, timeout=60)
    try:
        for blob in (layer, config):
            conn.request("POST", f"/v2/{repo}/blobs/uploads/")
            r = conn.getresponse()
            r.read()
            if r.status != 202:
                raise RuntimeError(f"upload start: HTTP {r.status}")
            location = r.getheader("Location")
            sep = "&" if "?" in location else "?"
            conn.request("PUT", f"{location}{sep}digest={_digest(blob)}", body=blob,
                         headers={"Content-Type": "application/octet-stream"})
            r = conn.getresponse()
            r.read()
            if r.status != 201:
                raise RuntimeError(f"blob upload: HTTP {r.status}")
        conn.request("PUT", f"/v2/{repo}/manifests/{tag}", body=manifest,
                     headers={"Content-Type": "application/vnd.oci.image.manifest.v1+json"})
        r = conn.getresponse()
        r.read()
        if r.status != 201:
            raise RuntimeError(f"manifest: HTTP {r.status}")
    finally:
        conn.close()
    return len(layer)


def _digest(data: bytes):
    return "sha256:" + hashlib.sha256(data).hexdigest()
