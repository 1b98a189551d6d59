"""Scenario f: replays commits in order, each on a fresh runner, all sharing one remote cache.

Every commit is checked out into one clone (`git clone --shared`, so the source repository is never written to)
and built with a fresh, empty SLIPWAY_CACHE_DIR, GOCACHE and GOMODCACHE. The first commit only warms the remote.

Besides the `cache.actions` hits and misses of each build's --json summary, each runner's local tier says what a
perfect cache could have served: the build's own action list (`list-*`, every key go asked about or stored) and
the action records it holds afterwards (every action it got or stored, with the time it was first stored). An
action "existed in the remote" if an earlier runner held it; it was "redone" if this runner stored it itself
(record time after its build started) although it existed. Outputs are classified by their first bytes: a
package archive (compile), an ELF binary (link), go's package index, a source file list, empty, other.
"""

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

from . import proc

KEY = re.compile(r"[0-9a-f]{64}")


def last_commits(repo: Path, n: int):
    """The last n first-parent commits of repo's HEAD, oldest first, as (sha, subject)."""
    out = subprocess.run(["git", "-C", str(repo), "log", "--first-parent", f"-n{n}", "--format=%H %s", "HEAD"],
                         check=True, capture_output=True, text=True).stdout
    commits = [tuple(line.split(" ", 1)) if " " in line else (line, "") for line in out.splitlines() if line]
    if len(commits) < 2:
        raise proc.CommandFailed(f"{repo}: need at least 2 commits to replay (one warms the remote), found "
                                 f"{len(commits)}")
    return commits[::-1]


def local_tier(slipway_cache: Path):
    """What a runner's local tier holds after its build: ({key: (kind of output, record time in ms)}, the build's
    own action list)."""
    actions = slipway_cache / "actions"
    held, asked = {}, []
    records = actions / "a"
    for path in records.iterdir() if records.is_dir() else []:
        fields = dict(line.split(" ", 1) for line in path.read_text().splitlines()[1:] if " " in line)
        blob = actions / "blobs" / "sha256" / fields.get("blob", ":").split(":", 1)[1]
        if path.name.startswith("list-"):
            asked = blob.read_text().split() if blob.is_file() else []
        elif KEY.fullmatch(path.name):
            held[path.name] = (kind(blob), int(fields.get("time", "0")))
    return held, asked


def kind(blob: Path):
    """What go stored: a package archive (compile), a linked binary, a package index, a source file list..."""
    try:
        with open(blob, "rb") as f:
            head = f.read(16)
    except OSError:
        return "missing-body"
    for prefix, name in ((b"!<arch>", "compile"), (b"\x7fELF", "link"), (b"go index", "index"), (b"./", "srcfiles")):
        if head.startswith(prefix):
            return name
    return "empty" if not head else "other"


class Replay:
    def __init__(self, slipway_cmd, work: Path, logs: Path, rmtree):
        self.slipway_cmd, self.work, self.logs, self.rmtree = slipway_cmd, work, logs, rmtree

    def run(self, repo: Path, commits, module_dir, target, url, label):
        """Builds each commit on a fresh runner against url; returns one dict per commit."""
        src = self.work / "src"
        self.rmtree(src)
        subprocess.run(["git", "clone", "-q", "--shared", "--no-checkout", str(repo), str(src)], check=True)
        remote = set()  # every action some earlier runner held, so the remote has it
        rows = []
        for i, (sha, subject) in enumerate(commits):
            subprocess.run(["git", "-C", str(src), "checkout", "-q", "--detach", "-f", sha], check=True)
            subprocess.run(["git", "-C", str(src), "clean", "-q", "-fdx"], check=True)
            row = self.build(src / module_dir, target, url, f"f-{label}-{i:02d}")
            held, asked = row.pop("tier")
            kinds = {}
            for key in {k for k in asked if KEY.fullmatch(k)}:
                what, stored = held.get(key, ("never-stored", 0))  # looked up, never stored: go build looks up the link action but does not cache binaries
                c = kinds.setdefault(what, {"asked": 0, "existed": 0, "redone": 0})
                c["asked"] += 1
                if key in remote:
                    c["existed"] += 1
                    c["redone"] += stored >= row["startMs"]  # stored by this runner though the remote had it
            row.update(commit=sha[:12], subject=subject, warmup=i == 0, kinds=kinds,
                       **{n: sum(c[n] for c in kinds.values()) for n in ("asked", "existed", "redone")})
            remote |= held.keys()
            rows.append(row)
        self.rmtree(src)
        return rows

    def build(self, src, target, url, label):
        base = self.work / "runner"
        self.rmtree(base)
        dirs = {k: base / k for k in ("slipway-cache", "gocache", "modcache")}
        for d in dirs.values():
            d.mkdir(parents=True)
        summary = self.logs / f"{label}.json"
        layout = base / "layout"
        argv = [self.slipway_cmd, "build", target, "-C", str(src), "--oci-layout", str(layout), "--json",
                str(summary), "--cache", url]
        env = dict(os.environ, SLIPWAY_CACHE_DIR=str(dirs["slipway-cache"]), GOCACHE=str(dirs["gocache"]),
                   GOMODCACHE=str(dirs["modcache"]), GOFLAGS="-modcacherw")
        env.pop("SLIPWAY_CACHE", None)
        env.pop("GOCACHEPROG", None)
        start_ms = int(time.time() * 1000) - 1000  # record times have millisecond resolution; allow for skew
        secs, _ = proc.timed(argv, self.logs / f"{label}.log", env=env)
        s = json.loads(summary.read_text())
        actions = (s.get("cache") or {}).get("actions") or {}
        targets = s.get("targets") or [{}]
        row = {"seconds": round(secs, 2), "hits": actions.get("hits") or 0, "misses": actions.get("misses") or 0,
               "digest": targets[0].get("digest"), "startMs": start_ms,
               "tier": local_tier(dirs["slipway-cache"])}
        self.rmtree(base)
        return row


def totals(rows):
    """Sums over the counted (non-warm-up) commits."""
    counted = [r for r in rows if not r["warmup"]]
    hits = sum(r["hits"] for r in counted)
    misses = sum(r["misses"] for r in counted)
    sums = {n: sum(r[n] for r in counted) for n in ("asked", "existed", "redone")}
    compile_ = {n: sum(r["kinds"].get("compile", {}).get(n, 0) for r in counted) for n in ("asked", "existed",
                                                                                             "redone")}
    new = {}
    for r in counted:
        for what, c in r["kinds"].items():
            new[what] = new.get(what, 0) + c["asked"] - c["existed"]
    ratio = lambda a, b: a / b if b else None  # noqa: E731
    return {"counted": len(counted), "hits": hits, "misses": misses, "hitRate": ratio(hits, hits + misses),
            **sums, "hitRateOfExisting": ratio(sums["existed"] - sums["redone"], sums["existed"]),
            "perfectRate": ratio(sums["existed"], sums["asked"]),
            "compileHitRate": ratio(compile_["existed"] - compile_["redone"], compile_["asked"]),
            "compilePerfectRate": ratio(compile_["existed"], compile_["asked"]), "newByKind": new}
