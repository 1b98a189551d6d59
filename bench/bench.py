#!/usr/bin/env python3
"""Slipway benchmark: times slipway against a bare `go build` baseline in the same run, as ratios.

Scenarios (see "Performance targets" in the product brief):
  a. no-op rebuild, image already pushed, cold JVM        slipway / go build of the same tree   <= 3.0
  b. one .go file changed, warm caches, push to loopback  slipway / go build of that change     <= 1.25
                                                          slipway / ko build --push of the same change, when
                                                          ko is on PATH (never installed by this script) <= 0.90
  c. gzip vs zstd binary layer after a one-line change    time and layer size of each (informational)
  d. restore N modules into an empty GOMODCACHE           go mod download via `slipway proxy serve` over a warm
                                                          store / the same from a loopback upstream (informational)
  e. cold runner, warm remote cache (redis, http, oci)    slipway / the same build, warm local caches  <= 2.5
                                                          slipway / the same build, no cache at all    <= 0.2
                                                          compile-action hit rate                      >= 95%
  f. replay commits on fresh runners, shared remote cache  action hit rate of the counted commits          >= 95%
  g. go's own build through GOCACHEPROG=slipway cacheprog  warm store, empty GOCACHE / warm GOCACHE,
                                                          and / cold GOCACHE; cold store / cold GOCACHE (info)
  h. real dependency graph (gRPC, OpenTelemetry, Google     fresh runner, warm redis remote, GOPROXY=off / the
     Cloud clients), fresh runners; only with --scenarios h  same build, no cache                          <= 0.2
                                                          no cache anywhere, push / go mod download + go build +
                                                          push of the binary as a one-layer image       <= 1.1
                                                          module bytes from upstream, no cache / bytes a
                                                          plain go build downloads                      <= 1.0
"""

import argparse
import atexit
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import threading
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from slipbench import gen, history, many, modgen, oci, proc, realdeps, replay  # noqa: E402
from slipbench.registry import Registry, push_binary  # noqa: E402
from slipbench.servers import Nginx, Redis, RedisCluster  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BACKENDS = ("redis", "redis-cluster", "http", "oci")


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench/run", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="3 repetitions instead of 7")
    p.add_argument("--reps", type=int, help="repetitions per scenario (default 7, or 3 with --quick)")
    p.add_argument("--slipway-cmd", default=str(REPO / "slipway"), help="slipway launcher (default: repo's)")
    p.add_argument("--deps", action="store_true",
                   help="add a few real third-party modules, resolved by `go mod tidy` through your GOPROXY")
    p.add_argument("--packages", type=int, default=40, help="internal packages in the generated service")
    p.add_argument("--seed", type=int, default=1, help="generator seed")
    p.add_argument("--scenarios", default="a,b,c,d,e,f,g",
                   help="comma-separated subset of a,b,c,d,e,f,g,h,i (h, which fetches real modules through your "
                        "GOPROXY on first use, runs only when named)")
    p.add_argument("--backends", help="remote cache backends, from redis,redis-cluster,http,oci (default: "
                                      "redis,http,oci for scenario e, redis for f)")
    p.add_argument("--delete-between-runs", action="store_true",
                   help="scenario e: delete each run's directories before the next run, as the bench did before "
                        "(see \"Deleting between runs\" in bench/README.md)")
    p.add_argument("--replay-repo", help="scenario f: replay this local git repository instead of a generated "
                                         "history")
    p.add_argument("--replay-commits", type=int, help="scenario f: how many of the last commits of HEAD to replay "
                                                      "(the first only warms the remote; default all generated, "
                                                      "or 15 with --replay-repo)")
    p.add_argument("--replay-module-dir", default=".", help="scenario f: the Go module's directory inside the "
                                                              "replayed repository (default: its root)")
    p.add_argument("--replay-target", help="scenario f: the package slipway builds (default ./cmd/benchsvc for the "
                                           "generated history, . with --replay-repo)")
    p.add_argument("--modules", type=int, default=60, help="fixture modules restored in scenario d")
    p.add_argument("--warm", action="store_true",
                   help="also run scenarios a and b through the warm server (rows a-warm, b-warm)")
    p.add_argument("--out", default=str(REPO / "bench" / "out"), help="output directory (results.json, logs)")
    a = p.parse_args(argv)
    a.reps = a.reps or (3 if a.quick else 7)
    a.scenarios = set(a.scenarios.split(","))
    chosen = [b for b in (a.backends or "").split(",") if b]
    unknown = set(chosen) - set(BACKENDS)
    if unknown:
        p.error(f"unknown backends {','.join(sorted(unknown))}: choose from {','.join(BACKENDS)}")
    a.backends = chosen or ["redis", "http", "oci"]
    a.replay_backends = chosen or ["redis"]
    if a.replay_repo and not (Path(a.replay_repo) / ".git").exists():
        p.error(f"--replay-repo {a.replay_repo}: not a git repository (no .git)")
    if a.replay_commits is not None and a.replay_commits < 2:
        p.error("--replay-commits: at least 2 (the first commit only warms the remote)")
    return a


def machine_facts(slipway):
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "go": proc.output(["go", "version"]),
        "java": proc.output(["java", "-version"]),
        "python": sys.version.split()[0],
        "registry": proc.output(["/usr/bin/docker-registry", "--version"]),
        "slipway": slipway,
        "slipwayRev": proc.output(["git", "-C", str(Path(slipway).resolve().parent), "rev-parse", "--short",
                                   "HEAD"], ok_only=True) or "no git revision",
    }


def read_summary(path: Path):
    """Picks the fields the bench reports from slipway's --json summary; missing fields become None."""
    try:
        s = json.loads(path.read_text())
    except (OSError, ValueError):
        return {"fastPath": None, "uploaded": None, "skipped": None, "stages": {}}
    blobs, cache = s.get("blobs") or {}, s.get("cache") or {}
    stages = {st.get("name"): st.get("durationMs") for st in s.get("stages") or [] if isinstance(st, dict)}
    return {"fastPath": cache.get("fastPath"), "uploaded": blobs.get("uploaded"), "skipped": blobs.get("skipped"),
            "stages": stages}


class Bench:
    def __init__(self, args):
        self.args = args
        self.out = Path(args.out).resolve()
        self.work = self.out / "work"
        self.svc = self.work / "svc"
        self.logs = self.out / "logs"
        self.cache = self.work / "slipway-cache"
        self.nonce = format(time.time_ns(), "x")  # makes every edit unique across bench runs too
        self.edits = 0
        self.registry = None
        self.leaf = None
        self.upstream = None
        self.mods = []
        self.app = self.work / "restore" / "app"
        self.remotes = {}
        self.svc_e = self.work / "svc-e"
        self.f_remotes = {}
        self.f_commits = []
        self.real = self.work / "h" / "benchreal"
        self.h_remote = None
        self.h_mirror = None

    # --- setup -------------------------------------------------------------------------------------------
    def setup(self):
        for d in (self.work, self.logs):
            shutil.rmtree(d, ignore_errors=True)
        self.svc.mkdir(parents=True)
        self.cache.mkdir(parents=True)
        self.leaf, names = gen.generate(self.svc, self.args.packages, self.args.seed, self.args.deps)
        if self.args.deps:
            proc.timed(["go", "mod", "tidy"], self.logs / "go-mod-tidy.log", cwd=self.svc)
        print(f"service: {len(names)} packages in {self.svc} (edits go to {self.leaf.relative_to(self.svc)})")
        if {"a", "b", "h", "i"} & self.args.scenarios:
            self.registry = Registry(self.work / "registry").start()
            print(f"registry: {self.registry.host}")
        if "d" in self.args.scenarios:
            self.setup_modules()
        if "e" in self.args.scenarios:
            self.setup_remote()
        if "f" in self.args.scenarios:
            self.setup_replay()
        if "h" in self.args.scenarios:
            self.setup_real()

    def setup_modules(self):
        """Fixture modules as a proxy tree served on loopback, and an app whose go.sum the real go wrote."""
        root = self.work / "restore"
        self.mods = modgen.generate(root / "proxy", self.args.modules, self.args.seed)
        modgen.write_app(self.app, self.mods)
        self.upstream = modgen.Upstream(root / "proxy").start()
        modcache = self.work / "modcache-tidy"
        proc.timed(["go", "mod", "tidy"], self.logs / "d-go-mod-tidy.log", cwd=self.app,
                   env=self.module_env(modcache, GOPROXY=self.upstream.url, GOFLAGS="-mod=mod -modcacherw"))
        rmtree(modcache)
        self.upstream.take()  # tidy's traffic is not part of any measurement
        sizes = sorted(m["zipBytes"] for m in self.mods)
        print(f"modules: {len(sizes)} zips, {sum(sizes) / 2**20:.1f} MiB (median {sizes[len(sizes) // 2] / 1024:.0f} "
              f"KiB, largest {sizes[-1] / 2**20:.1f} MiB) served at {self.upstream.url}")

    def teardown(self):
        self.stop_warm_server()
        proc.kill_all()
        for server in [*self.remotes.values(), *self.f_remotes.values(), *filter(None, [self.h_remote])]:
            server.stop()
        self.remotes, self.f_remotes, self.h_remote = {}, {}, None
        if self.registry:
            self.registry.stop()
        if self.upstream:
            self.upstream.stop()
            self.upstream = None

    # --- commands ----------------------------------------------------------------------------------------
    def edit(self):
        """Appends a unique, harmless unexported const to the leaf package (its export data is unchanged)."""
        self.edits += 1
        with open(self.leaf, "a") as f:
            f.write(f"\nconst benchEdit{self.nonce}x{self.edits} = {self.edits}\n")

    def go_build(self, label):
        env = dict(os.environ, CGO_ENABLED="0")
        secs, _ = proc.timed(["go", "build", "-trimpath", "-o", str(self.work / "tmp" / "bin"), gen.MAIN_PKG],
                             self.logs / f"{label}.log", env=env, cwd=self.svc)
        return {"seconds": secs}

    def slipway(self, label, *extra, warm=False):
        summary = self.logs / f"{label}.json"
        argv = [self.args.slipway_cmd, "build", gen.MAIN_PKG, "-C", str(self.svc), "--json", str(summary), *extra]
        env = dict(os.environ, SLIPWAY_CACHE_DIR=str(self.cache), **(self.warm_env() if warm else {}))
        before = self.registry.log_offset() if self.registry else 0
        secs, rss = proc.timed(argv, self.logs / f"{label}.log", env=env)
        run = {"seconds": secs, "maxRssMb": round(rss, 1), **read_summary(summary)}
        if self.registry:
            run["registry"] = self.registry.count_between(before, self.registry.log_offset())
        return run

    def warm_env(self):
        """Through the warm server: a private one (its socket under work/run), started by the first run."""
        run = self.work / "run"
        run.mkdir(mode=0o700, exist_ok=True)
        return {"SLIPWAY_SERVER": "on", "XDG_RUNTIME_DIR": str(run)}

    def stop_warm_server(self):
        if (self.work / "run").is_dir():
            env = dict(os.environ, SLIPWAY_CACHE_DIR=str(self.cache), **self.warm_env())
            subprocess.run([self.args.slipway_cmd, "server", "stop"], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=60)

    def push_args(self):
        return ["--push", f"{self.registry.host}/bench/svc", "--insecure-registry", self.registry.host]

    # --- scenarios ---------------------------------------------------------------------------------------
    def scenario_a(self):
        warm = [self.slipway("a-warm-slipway", *self.push_args()), self.go_build("a-warm-go")]
        slip, base = [], []
        for i in range(self.args.reps):  # interleaved, so drift on the machine hits both sides alike
            slip.append(self.slipway(f"a-{i}-slipway", *self.push_args()))
            base.append(self.go_build(f"a-{i}-go"))
        rows = [self.ratio_row("a", "no-op rebuild, image pushed, cold JVM", slip, base, 3.0, warm=warm)]
        if self.args.warm:
            warm = [self.slipway("a-warm-warm-slipway", *self.push_args(), warm=True)]
            slip, base = [], []
            for i in range(self.args.reps):
                slip.append(self.slipway(f"a-warm-{i}-slipway", *self.push_args(), warm=True))
                base.append(self.go_build(f"a-warm-{i}-go"))
            rows.append(self.ratio_row("a-warm", "the same no-op, warm server", slip, base, 0.5, warm=warm))
        return rows

    def scenario_b(self):
        ko = shutil.which("ko")
        if ko:
            self.ko_setup(ko)
        slip, base, peer = [], [], []
        for i in range(self.args.reps):
            self.edit()
            slip.append(self.slipway(f"b-{i}-slipway", *self.push_args()))
            self.edit()
            base.append(self.go_build(f"b-{i}-go"))
            if ko:
                self.edit()
                peer.append(self.ko_build(ko, f"b-{i}-ko"))
        rows = [self.ratio_row("b", "one .go file changed, push to loopback", slip, base, 1.25)]
        if ko:
            rows.append(self.ratio_row("b-ko", "the same change, against ko build --push", slip, peer, 0.90))
        if self.args.warm:
            self.slipway("b-warm-warm-slipway", *self.push_args(), warm=True)
            warm, base, peer = [], [], []
            for i in range(self.args.reps):
                self.edit()
                warm.append(self.slipway(f"b-warm-{i}-slipway", *self.push_args(), warm=True))
                self.edit()
                base.append(self.go_build(f"b-warm-{i}-go"))
                if ko:
                    self.edit()
                    peer.append(self.ko_build(ko, f"b-warm-{i}-ko"))
            rows.append(self.ratio_row("b-warm", "the same change, warm server", warm, base, 1.2))
            if ko:
                rows.append(self.ratio_row("b-ko-warm", "the same change, warm server, against ko", warm, peer,
                                           0.90))
        return rows

    # --- scenario i: many services in several modules, one changed --------------------------------------
    def i_build(self, label, root, cache, *packages):
        summary = self.logs / f"{label}.json"
        argv = [self.args.slipway_cmd, "build", "-C", str(root), "--json", str(summary), "--push",
                f"{self.registry.host}/bench/fleet", "--insecure-registry", self.registry.host, *packages]
        before = self.registry.log_offset()
        jvm = {}
        secs, rss = proc.timed(argv, self.logs / f"{label}.log", env=dict(os.environ, SLIPWAY_CACHE_DIR=str(cache)),
                               jvm=jvm)
        run = {"seconds": secs, "maxRssMb": round(rss, 1), "jvmPeakRssMb": jvm.get("peakRssMb"),
               **read_summary(summary)}
        run["registry"] = self.registry.count_between(before, self.registry.log_offset())
        return run

    def scenario_i(self):
        """Eight services in four modules sharing a platform module; one service's own package changes. All eight
        are built and pushed, against that one service built and pushed alone after the same kind of change."""
        root = self.work / "fleet"
        rmtree(root)
        targets, edits = many.generate(root, modules=4, services=2, packages=8, seed=self.args.seed)
        name, _, main = targets[0]
        cache = self.work / "i-cache"
        rmtree(cache)

        def edit():
            self.edits += 1
            with open(edits[name], "a") as f:
                f.write(f"\nconst benchEdit{self.nonce}x{self.edits} = {self.edits}\n")

        warm = [self.i_build("i-warm-all", root, cache), self.i_build("i-warm-one", root, cache, f"./{main}")]
        every, one = [], []
        for i in range(self.args.reps):
            edit()
            every.append(self.i_build(f"i-{i}-all", root, cache))
            edit()
            one.append(self.i_build(f"i-{i}-one", root, cache, f"./{main}"))
        row = self.ratio_row("i", f"{len(targets)} services in 4 modules, one changed, all pushed", every, one, 1.3,
                             warm=warm)
        row["services"] = len(targets)
        return row

    def ko_setup(self, ko):
        """ko's default base is not reachable from here: both push onto images in the loopback registry."""
        self.slipway("b-ko-base", "--push", f"{self.registry.host}/bench/kobase:1", "--insecure-registry",
                     self.registry.host)
        self.ko_build(ko, "b-ko-warm")

    def ko_build(self, ko, label):
        """`ko build` of the same main package with its defaults (SBOM off: Slipway writes none either)."""
        env = dict(os.environ, KO_DOCKER_REPO=f"{self.registry.host}/bench/ko",
                   KO_DEFAULTBASEIMAGE=f"{self.registry.host}/bench/kobase:1", CGO_ENABLED="0")
        secs, rss = proc.timed([ko, "build", "--bare", "--sbom=none", "--insecure-registry", gen.MAIN_PKG],
                               self.logs / f"{label}.log", env=env, cwd=self.svc)
        return {"seconds": secs, "maxRssMb": round(rss, 1)}

    def scenario_c(self):
        runs = {"gzip": [], "zstd": []}
        for i in range(self.args.reps):
            order = ("gzip", "zstd") if i % 2 == 0 else ("zstd", "gzip")
            for comp in order:
                self.edit()
                layout = self.work / f"oci-{comp}-{i}"
                run = self.slipway(f"c-{i}-{comp}", "--compression", comp, "--oci-layout", str(layout))
                run["binaryLayer"] = oci.binary_layer(layout)
                shutil.rmtree(layout, ignore_errors=True)
                runs[comp].append(run)
        row = self.ratio_row("c", "zstd vs gzip binary layer, 1-line change", runs["zstd"], runs["gzip"], None)
        row["slipwayName"], row["baselineName"] = "zstd stages", "gzip stages"
        for comp, rs in runs.items():
            sizes = [r["binaryLayer"]["size"] for r in rs if r.get("binaryLayer")]
            row[f"{comp}LayerBytes"] = int(statistics.median(sizes)) if sizes else None
        return row

    def module_env(self, modcache, **kw):
        """go's environment for scenario d: a given GOMODCACHE, no checksum database, no toolchain switch."""
        env = dict(os.environ, GOMODCACHE=str(modcache), GOSUMDB="off", GOFLAGS="-modcacherw", GOTOOLCHAIN="local",
                   GOPRIVATE="", GONOPROXY="", GONOSUMDB="", CGO_ENABLED="0", SLIPWAY_CACHE_DIR=str(self.cache))
        env.update(kw)
        return env

    def restore_run(self, label, argv, goproxy, check_zips=True):
        """Runs argv in the app with a fresh, empty GOMODCACHE; records time, upstream traffic, zips restored."""
        modcache = self.work / f"modcache-{label}"
        rmtree(modcache)
        self.upstream.take()
        secs, rss = proc.timed(argv, self.logs / f"{label}.log", cwd=self.app,
                               env=self.module_env(modcache, GOPROXY=goproxy))
        run = {"seconds": secs, "maxRssMb": round(rss, 1), "upstream": self.upstream.take()}
        zips = list((modcache / "cache" / "download").rglob("*.zip")) if modcache.is_dir() else []
        run["zipsInModcache"] = len(zips)
        if check_zips and len(zips) != len(self.mods):
            raise proc.CommandFailed(f"{label}: GOMODCACHE has {len(zips)} module zips, expected {len(self.mods)}")
        rmtree(modcache)
        return run

    def scenario_d(self):
        n = len(self.mods)
        warm = proc.timed([self.args.slipway_cmd, "modules", "warm", "--all", "-C", str(self.app)],
                          self.logs / "d-modules-warm.log", env=self.module_env(self.work / "modcache-warm",
                                                                                GOPROXY=self.upstream.url))
        warm = {"seconds": warm[0], "maxRssMb": round(warm[1], 1), "upstream": self.upstream.take()}
        print(f"  modules warm: {warm['seconds']:.2f}s, upstream {warm['upstream']['zip']} zips")
        server = SlipwayProxy(self.args.slipway_cmd, self.app, self.logs / "d-proxy-serve.log",
                              self.module_env(self.work / "modcache-serve", GOPROXY=self.upstream.url)).start()
        try:
            download = ["go", "mod", "download"]
            gobuild = ["go", "build", "-trimpath", "-o", str(self.work / "tmp" / "restoreapp"), "."]
            layout = self.work / "oci-restore"
            (self.work / "tmp").mkdir(exist_ok=True)

            def slip_build(label):
                rmtree(layout)
                summary = self.logs / f"{label}.json"
                argv = [self.args.slipway_cmd, "build", ".", "-C", str(self.app), "--offline", "--oci-layout",
                        str(layout), "--json", str(summary)]
                run = self.restore_run(label, argv, "off", check_zips=False)
                run.update(read_summary(summary))
                try:
                    run["modules"] = json.loads(summary.read_text())["cache"]["modules"]
                except (OSError, ValueError, KeyError, TypeError):
                    run["modules"] = None
                return run

            # warm-ups (not counted): Go's build cache for the app, and the JVM's class-data archive
            warmup = [self.restore_run("d-warm-gobuild", gobuild, self.upstream.url, check_zips=False),
                      slip_build("d-warm-slipway-build"),
                      self.restore_run("d-warm-download-slipway", download, server.url)]
            runs = {k: [] for k in ("base", "slip", "gobuild", "slipbuild")}
            for i in range(self.args.reps):  # interleaved, alternating which side goes first
                pair = [("base", download, self.upstream.url), ("slip", download, server.url)]
                for key, argv, proxy in (pair if i % 2 == 0 else pair[::-1]):
                    runs[key].append(self.restore_run(f"d-{i}-download-{key}", argv, proxy))
                runs["gobuild"].append(self.restore_run(f"d-{i}-gobuild", gobuild, self.upstream.url,
                                                        check_zips=False))
                runs["slipbuild"].append(slip_build(f"d-{i}-slipway-build"))
        finally:
            server.stop()
        zip_bytes = sum(m["zipBytes"] for m in self.mods)
        restore = self.ratio_row("d", f"restore {n} modules: go mod download", runs["slip"], runs["base"], None,
                                 warm=[warm] + warmup)
        restore.update(slipwayName="via slipway proxy serve (warm store)", baselineName="from loopback upstream",
                       modules=n, zipBytes=zip_bytes, upstreamUrl=self.upstream.url, proxyUrl=server.url,
                       proxyExit=server.exit_code)
        build = self.ratio_row("d-build", "offline build, empty modcache", runs["slipbuild"],
                               runs["gobuild"], None)
        build.update(modules=n, zipBytes=zip_bytes)
        return [restore, build]

    # --- scenario e: cold runner, warm remote cache ---------------------------------------------------------
    def setup_remote(self):
        """Its own copy of the service (plus blank imports of more of the standard library, so that compiling
        dominates) and one server per backend, each on a free loopback port."""
        _, names = gen.generate(self.svc_e, self.args.packages, self.args.seed, self.args.deps)
        (self.svc_e / "cmd" / "benchsvc" / "stdlib.go").write_text(gen.STDLIB_HEAVY)
        if self.args.deps:
            proc.timed(["go", "mod", "tidy"], self.logs / "e-go-mod-tidy.log", cwd=self.svc_e)
        for backend in self.args.backends:
            self.remotes[backend] = start_remote(backend, self.work / "e")
        print(f"scenario e service: {len(names)} packages in {self.svc_e}; remotes: "
              + ", ".join(f"{b} {s.url}" for b, s in self.remotes.items()))

    def e_dirs(self, label, scenario="e"):
        """A fresh, empty SLIPWAY_CACHE_DIR, GOCACHE and GOMODCACHE for one run."""
        base = self.work / scenario / "runs" / label
        rmtree(base)
        dirs = {k: base / k for k in ("slipway-cache", "gocache", "modcache")}
        for d in dirs.values():
            d.mkdir(parents=True)
        return base, dirs

    def e_build(self, label, dirs, urls):
        layout = self.work / "e" / "layout"
        rmtree(layout)
        summary = self.logs / f"{label}.json"
        argv = [self.args.slipway_cmd, "build", gen.MAIN_PKG, "-C", str(self.svc_e), "--oci-layout", str(layout),
                "--json", str(summary)]
        for url in urls:
            argv += ["--cache", url]
        env = dict(os.environ, SLIPWAY_CACHE_DIR=str(dirs["slipway-cache"]), GOCACHE=str(dirs["gocache"]),
                   GOMODCACHE=str(dirs["modcache"]), GOFLAGS="-modcacherw")
        registries = [s for s in self.remotes.values() if isinstance(s, Registry) and s.url in urls]
        before = [s.log_offset() for s in registries]
        secs, rss = proc.timed(argv, self.logs / f"{label}.log", env=env)
        rmtree(layout)
        run = {"seconds": secs, "maxRssMb": round(rss, 1), **read_summary(summary)}
        for server, start in zip(registries, before):  # what an OCI remote was asked, by method and kind
            run["remoteRequests"] = server.count_between(start, server.log_offset())["byKind"]
        try:
            actions = json.loads(summary.read_text())["cache"]["actions"]
        except (OSError, ValueError, KeyError, TypeError):
            actions = None
        run["actions"] = actions
        return run

    def scenario_e(self):
        reps = self.args.reps
        warm = {}
        rmtree(self.work / "e" / "runs")  # what an interrupted bench left
        for backend, server in self.remotes.items():  # 1. one build fills each remote
            _, dirs = self.e_dirs(f"warm-{backend}")
            run = self.e_build(f"e-warm-{backend}", dirs, [server.url])
            warm[backend] = (dirs, run)
            print(f"  {backend}: remote warmed in {run['seconds']:.1f}s "
                  f"({hits_text(run.get('actions'))})", flush=True)
        runs = {b: {"cold": [], "local": [], "empty": []} for b in self.remotes}
        nocache = []
        backends = list(self.remotes)
        # Runs' directories are deleted after the last timed run, not between runs: on ext4 without
        # a journal (this machine's disk), every new inode is checked against those deleted in the
        # last 60-360 s, so deleting a run's thousands of files makes the next run's file creation
        # slower, and cold runners create the most files (bench/README.md, "Deleting between runs").
        for i in range(reps):  # interleaved; the order of backends rotates each rep
            base, dirs = self.e_dirs(f"nocache-{i}")
            nocache.append(self.e_build(f"e-{i}-nocache", dirs, []))
            if self.args.delete_between_runs:
                rmtree(base)
            for backend in backends[i % len(backends):] + backends[:i % len(backends)]:
                url = self.remotes[backend].url
                base, dirs = self.e_dirs(f"cold-{i}-{backend}")  # 2. a cold runner: nothing local at all
                runs[backend]["cold"].append(self.e_build(f"e-{i}-{backend}-cold", dirs, [url]))
                if self.args.delete_between_runs:
                    rmtree(base)
                # 2b. the first runner of all: nothing local, and a remote that holds nothing yet
                empty = empty_url(backend, self.remotes[backend], i)
                if empty is not None:
                    base, dirs = self.e_dirs(f"empty-{i}-{backend}")
                    runs[backend]["empty"].append(self.e_build(f"e-{i}-{backend}-empty", dirs, [empty]))
                    if self.args.delete_between_runs:
                        rmtree(base)
                wdirs = warm[backend][0]  # 3. warm local caches; no memo, so go must run
                rmtree(wdirs["slipway-cache"] / "memo")
                runs[backend]["local"].append(self.e_build(f"e-{i}-{backend}-local", wdirs, [url]))
            print(f"  rep {i + 1}/{reps}: no cache {nocache[-1]['seconds']:.1f}s; " + "; ".join(
                f"{b} cold {runs[b]['cold'][-1]['seconds']:.1f}s, local {runs[b]['local'][-1]['seconds']:.1f}s"
                + (f", empty remote {runs[b]['empty'][-1]['seconds']:.1f}s" if runs[b]["empty"] else "")
                for b in backends), flush=True)
        rmtree(self.work / "e" / "runs")
        rows = []
        for backend in backends:
            cold, local = runs[backend]["cold"], runs[backend]["local"]
            hits = sum((r.get("actions") or {}).get("hits") or 0 for r in cold)
            misses = sum((r.get("actions") or {}).get("misses") or 0 for r in cold)
            rate = hits / (hits + misses) if hits + misses else None
            extra = {"backend": backend, "url": self.remotes[backend].url, "hits": hits, "misses": misses,
                     "hitRate": rate, "hitRateTarget": 0.95, "hitRatePass": rate is not None and rate >= 0.95}
            r1 = self.ratio_row("e", f"{backend} remote, cold runner / warm local", cold, local,
                                2.5, warm=[warm[backend][1]])
            r1.update(slipwayName="cold runner stages", baselineName="warm local stages", **extra)
            r2 = self.ratio_row("e", f"{backend} remote, cold runner / no cache", cold, nocache,
                                0.2)
            r2.update(slipwayName=None, baselineName="no cache stages" if backend == backends[0] else None, **extra)
            rows += [r1, r2]
            if runs[backend]["empty"]:
                r3 = self.ratio_row("e", f"{backend} remote, first runner, empty remote / no cache",
                                    runs[backend]["empty"], nocache, 1.05)
                r3.update(slipwayName="empty remote stages", baselineName=None, backend=backend)
                rows.append(r3)
        return rows

    # --- scenario g: go's own build cache through GOCACHEPROG ---------------------------------------------
    def g_go(self, label, gocache, store=None):
        """`go build -v` of the stdlib-heavy module with this GOCACHE; through `slipway cacheprog -v` over the
        store SLIPWAY_CACHE_DIR when one is given. Records what go compiled and what the cache served."""
        env = dict(os.environ, GOCACHE=str(gocache), CGO_ENABLED="0", GOFLAGS="-modcacherw", GOTOOLCHAIN="local",
                   GOPROXY="off", GOWORK="off")
        env.pop("GOCACHEPROG", None)
        if store is not None:
            env.update(GOCACHEPROG=f"{self.args.slipway_cmd} cacheprog -v", SLIPWAY_CACHE_DIR=str(store))
        gocache.mkdir(parents=True, exist_ok=True)
        log = self.logs / f"{label}.log"
        secs, rss = proc.timed(["go", "build", "-v", "-trimpath", "-o", str(self.work / "g" / "bin"), "."], log,
                               env=env, cwd=self.work / "g" / "heavy")
        text = log.read_text(errors="replace").splitlines()
        run = {"seconds": secs, "maxRssMb": round(rss, 1), "fastPath": None, "uploaded": None, "skipped": None,
               "stages": {}, "compiled": sum(1 for line in text if line and not line.startswith("slipway"))}
        for line in text:  # "slipway cacheprog: local: 412 hits, 1 misses, 0 writes"
            if line.startswith("slipway cacheprog: local: "):
                parts = line.split(": ", 2)[2].replace(",", "").split()
                run["cache"] = {"hits": int(parts[0]), "misses": int(parts[2]), "writes": int(parts[4])}
        return run

    def scenario_g(self):
        """The old CacheprogServerIntegrationTest measurement: how much a warm store saves go's own build
        cache, and what filling a cold one costs. Every run gets fresh directories; the store and the warm
        GOCACHE come from one warm-up each."""
        root = self.work / "g"
        rmtree(root)
        heavy = root / "heavy"
        heavy.mkdir(parents=True)
        (heavy / "go.mod").write_text("module example.com/heavy\n\ngo 1.24\n")
        (heavy / "main.go").write_text("package main\n\nfunc main() {}\n")
        (heavy / "stdlib.go").write_text(gen.STDLIB_HEAVY)
        store, warm_gocache = root / "store", root / "gocache-warm"
        warm = [self.g_go("g-warm-store", root / "gocache-fill", store), self.g_go("g-warm-gocache", warm_gocache)]
        runs = {k: [] for k in ("cold", "warmstore", "warmgocache", "coldstore", "unchanged")}
        for i in range(self.args.reps):
            runs["cold"].append(self.g_go(f"g-{i}-cold-gocache", root / f"runs/{i}/cold"))
            empty = root / f"runs/{i}/empty"
            runs["warmstore"].append(self.g_go(f"g-{i}-warm-store", empty, store))
            runs["unchanged"].append(self.g_go(f"g-{i}-unchanged", empty, store))
            runs["warmgocache"].append(self.g_go(f"g-{i}-warm-gocache", warm_gocache))
            runs["coldstore"].append(self.g_go(f"g-{i}-cold-store", root / f"runs/{i}/fill", root / f"runs/{i}/store"))
            print(f"  rep {i + 1}/{self.args.reps}: cold GOCACHE {runs['cold'][-1]['seconds']:.1f}s; warm store "
                  f"{runs['warmstore'][-1]['seconds']:.1f}s; warm GOCACHE {runs['warmgocache'][-1]['seconds']:.1f}s; "
                  f"cold store {runs['coldstore'][-1]['seconds']:.1f}s", flush=True)
        rmtree(root / "runs")
        rows = [self.ratio_row("g", "cacheprog warm store / warm GOCACHE", runs["warmstore"], runs["warmgocache"],
                               None, warm=warm),
                self.ratio_row("g", "cacheprog warm store / cold GOCACHE", runs["warmstore"], runs["cold"], None),
                self.ratio_row("g", "cacheprog unchanged / warm GOCACHE", runs["unchanged"], runs["warmgocache"],
                               None),
                self.ratio_row("g", "cacheprog cold store / cold GOCACHE", runs["coldstore"], runs["cold"], None)]
        return rows

    # --- scenario f: replay commits on fresh runners -------------------------------------------------------
    def setup_replay(self):
        """A generated git history (unless --replay-repo) and one fresh server per backend, not shared with e."""
        if self.args.replay_repo:
            repo = Path(self.args.replay_repo).resolve()
            self.f_commits = replay.last_commits(repo, self.args.replay_commits or 15)
        else:
            repo = self.work / "f" / "history"
            self.f_commits = history.generate(repo, self.args.packages, self.args.seed)
            if self.args.replay_commits:
                self.f_commits = self.f_commits[-self.args.replay_commits:]
        self.f_repo = repo
        for backend in self.args.replay_backends:
            self.f_remotes[backend] = start_remote(backend, self.work / "f")
        print(f"scenario f: {len(self.f_commits)} commits of {repo}; remotes: "
              + ", ".join(f"{b} {s.url}" for b, s in self.f_remotes.items()))

    def scenario_f(self):
        target = self.args.replay_target or ("." if self.args.replay_repo else gen.MAIN_PKG)
        runner = replay.Replay(self.args.slipway_cmd, self.work / "f", self.logs, rmtree)
        rows = []
        for backend, server in self.f_remotes.items():
            commits = runner.run(self.f_repo, self.f_commits, self.args.replay_module_dir, target, server.url,
                                 backend)
            t = replay.totals(commits)
            rate = t["hitRate"]
            rows.append({"key": "f", "scenario": f"{backend} remote, replay {t['counted']} commits", "backend": backend,
                         "url": server.url, "repo": str(self.f_repo), "target": 0.95, "hitRateTarget": 0.95,
                         "pass": rate is not None and rate >= 0.95, "runs": commits, **t})
        return rows

    # --- scenario h: a real dependency graph on fresh runners ---------------------------------------------
    def setup_real(self):
        """example.com/benchreal (gRPC, OpenTelemetry, Google Cloud clients), its go.mod and go.sum from the real
        `go mod tidy` through the user's GOPROXY once, then from the mirror kept under bench/out/h-mirror; one
        redis-server for the remote."""
        realdeps.write(self.real)
        self.h_mirror = realdeps.Mirror(self.out / "h-mirror", self.logs, self.h_tidy_env, rmtree)
        made = self.h_mirror.prepare(self.real)
        versions, zips = realdeps.go_sum_counts(self.real / "go.sum")
        self.h_remote = Redis(self.work / "h" / "redis").start()
        print(f"scenario h: {realdeps.MODULE} in {self.real}, go.sum lists {versions} module versions ({zips} with "
              f"a zip line); mirror {self.h_mirror.dir} ({'made now through your GOPROXY' if made else 'reused'}); "
              f"remote {self.h_remote.url}")

    @staticmethod
    def h_tidy_env(modcache):
        """Making the mirror: the user's own GOPROXY, GOSUMDB, GOPRIVATE...; a given GOMODCACHE."""
        return dict(os.environ, GOMODCACHE=str(modcache), GOFLAGS="-modcacherw", GOTOOLCHAIN="local")

    def h_env(self, dirs, goproxy):
        """A fresh runner: its own SLIPWAY_CACHE_DIR, GOCACHE and GOMODCACHE (as in scenario e), modules only
        from goproxy (the mirror, or off), go.sum the only check (no checksum database)."""
        return dict(os.environ, SLIPWAY_CACHE_DIR=str(dirs["slipway-cache"]), GOCACHE=str(dirs["gocache"]),
                    GOMODCACHE=str(dirs["modcache"]), GOFLAGS="-modcacherw", GOPROXY=goproxy, GOSUMDB="off",
                    GOPRIVATE="", GONOPROXY="", GONOSUMDB="", GOTOOLCHAIN="local")

    def h_slipway(self, label, urls, goproxy):
        """`slipway build --push` of cmd/benchreal on a fresh runner, to a repository of its own (so every blob is
        uploaded); wall time, cache.modules, cache.actions."""
        base, dirs = self.e_dirs(label, "h")
        summary = self.logs / f"h-{label}.json"
        argv = [self.args.slipway_cmd, "build", realdeps.MAIN_PKG, "-C", str(self.real), "--push",
                f"{self.registry.host}/bench/h-{self.nonce}-{label}", "--insecure-registry", self.registry.host,
                "--json", str(summary)]
        for url in urls:
            argv += ["--cache", url]
        secs, rss = proc.timed(argv, self.logs / f"h-{label}.log", env=self.h_env(dirs, goproxy))
        run = {"seconds": secs, "maxRssMb": round(rss, 1), **read_summary(summary)}
        try:
            cache = json.loads(summary.read_text())["cache"]
        except (OSError, ValueError, KeyError, TypeError):
            cache = {}
        run["actions"], run["modules"] = cache.get("actions"), cache.get("modules")
        tiers = (run["modules"] or {}).get("tiers") or {}
        run["upstreamBytes"] = (tiers.get("upstream") or {}).get("bytes", 0)
        run["upstreamFiles"] = (tiers.get("upstream") or {}).get("files", 0)
        if self.args.delete_between_runs:
            rmtree(base)
        return run

    def h_go(self, label):
        """Plain `go build -trimpath` of cmd/benchreal on a fresh runner from the mirror; wall time and what go
        downloaded into its empty GOMODCACHE."""
        base, dirs = self.e_dirs(label, "h")
        env = dict(self.h_env(dirs, self.h_mirror.proxy), CGO_ENABLED="0")
        secs, rss = proc.timed(["go", "build", "-trimpath", "-o", str(self.work / "h" / "bin"), realdeps.MAIN_PKG],
                               self.logs / f"h-{label}.log", env=env, cwd=self.real)
        files = realdeps.download_files(dirs["modcache"])
        run = {"seconds": secs, "maxRssMb": round(rss, 1), "fastPath": None, "uploaded": None, "skipped": None,
               "stages": {}, "zips": files.get(".zip", (0, 0))[0], "zipBytes": files.get(".zip", (0, 0))[1],
               "modFiles": files.get(".mod", (0, 0))[0], "modBytes": files.get(".mod", (0, 0))[1]}
        run["downloadBytes"] = run["zipBytes"] + run["modBytes"]
        if self.args.delete_between_runs:
            rmtree(base)
        return run

    def h_dockerfile(self, label):
        """What a Dockerfile does on a fresh runner with no cache: `go mod download`, `go build -trimpath`, then the
        binary pushed as a one-layer image to a repository of its own (registry.push_binary)."""
        base, dirs = self.e_dirs(label, "h")
        env = dict(self.h_env(dirs, self.h_mirror.proxy), CGO_ENABLED="0")
        binary = self.work / "h" / "bin-dockerfile"
        download, _ = proc.timed(["go", "mod", "download"], self.logs / f"h-{label}-download.log", env=env,
                                 cwd=self.real)
        build, rss = proc.timed(["go", "build", "-trimpath", "-o", str(binary), realdeps.MAIN_PKG],
                                self.logs / f"h-{label}-build.log", env=env, cwd=self.real)
        start = time.monotonic()
        layer = push_binary(self.registry.host, f"bench/h-{self.nonce}-{label}", binary)
        push = time.monotonic() - start
        if self.args.delete_between_runs:
            rmtree(base)
        return {"seconds": download + build + push, "maxRssMb": round(rss, 1), "fastPath": None, "uploaded": None,
                "skipped": None, "layerBytes": layer,
                "stages": {"download": download * 1000, "build": build * 1000, "push": push * 1000}}

    def scenario_h(self):
        """Each rep, in rotating order: Slipway on a fresh runner with no --cache (modules from the mirror as
        upstream), Slipway on a fresh runner with the warm redis remote and GOPROXY=off, and a plain go build on a
        fresh runner from the mirror. One build with the remote (not counted) fills it first."""
        reps, url, mirror = self.args.reps, self.h_remote.url, self.h_mirror.proxy
        rmtree(self.work / "h" / "runs")  # what an interrupted bench left
        warm = self.h_slipway("warm", [url], mirror)
        print(f"  remote warmed in {warm['seconds']:.1f}s ({modules_text(warm.get('modules'))}; "
              f"{hits_text(warm.get('actions'))})", flush=True)
        runs = {"nocache": [], "remote": [], "go": [], "dockerfile": []}
        sides = {"nocache": lambda i: self.h_slipway(f"{i}-nocache", [], mirror),
                 "remote": lambda i: self.h_slipway(f"{i}-remote", [url], "off"),
                 "go": lambda i: self.h_go(f"{i}-go"),
                 "dockerfile": lambda i: self.h_dockerfile(f"{i}-dockerfile")}
        order = list(sides)
        for i in range(reps):  # interleaved, the order rotating each rep; directories deleted after the last run
            for side in order[i % len(order):] + order[:i % len(order)]:
                runs[side].append(sides[side](i))
            r, n, g, d = runs["remote"][-1], runs["nocache"][-1], runs["go"][-1], runs["dockerfile"][-1]
            print(f"  rep {i + 1}/{reps}: no cache {n['seconds']:.1f}s (upstream {n['upstreamBytes'] / 2**20:.1f} "
                  f"MiB); warm remote {r['seconds']:.1f}s (upstream {r['upstreamBytes']} bytes); go build "
                  f"{g['seconds']:.1f}s ({g['zips']} zips, {g['downloadBytes'] / 2**20:.1f} MiB); go mod download "
                  f"+ go build + push {d['seconds']:.1f}s", flush=True)
        rmtree(self.work / "h" / "runs")
        versions, zips = realdeps.go_sum_counts(self.real / "go.sum")
        facts = {"module": realdeps.MODULE, "goSumVersions": versions, "goSumZips": zips, "mirror": str(mirror),
                 "remoteUrl": url, "buildZips": runs["go"][-1]["zips"], "buildZipBytes": runs["go"][-1]["zipBytes"],
                 "buildModFiles": runs["go"][-1]["modFiles"], "buildModBytes": runs["go"][-1]["modBytes"]}
        remote = runs["remote"]
        hits = sum((r.get("actions") or {}).get("hits") or 0 for r in remote)
        misses = sum((r.get("actions") or {}).get("misses") or 0 for r in remote)
        rate = hits / (hits + misses) if hits + misses else None
        upstream = max(r["upstreamBytes"] for r in remote)
        nocache = self.ratio_row("h", "no cache anywhere / go mod download+build+push", runs["nocache"],
                                 runs["dockerfile"], 1.1)
        nocache.update(slipwayName="no cache stages", baselineName="download, build, push", **facts)
        row = self.ratio_row("h", "warm redis remote / no cache", remote, runs["nocache"], 0.2, warm=[warm])
        row.update(slipwayName="warm remote stages", baselineName=None, backend="redis", url=url, hits=hits,
                   misses=misses, hitRate=rate, hitRateTarget=0.95, hitRatePass=rate is not None and rate >= 0.95,
                   upstreamBytesMax=upstream, upstreamPass=upstream == 0, **facts)
        slip_bytes = statistics.median(r["upstreamBytes"] for r in runs["nocache"])
        go_bytes = statistics.median(r["downloadBytes"] for r in runs["go"])
        ratio = slip_bytes / go_bytes if go_bytes else float("inf")
        size = {"key": "h", "unit": "bytes", "scenario": "module bytes: no-cache upstream / go build",
                "slipwayMedianBytes": slip_bytes, "baselineMedianBytes": go_bytes, "ratio": ratio, "target": 1.0,
                "pass": ratio <= 1.0, "runs": runs["nocache"], "baselineRuns": runs["go"], **facts}
        return [nocache, row, size]

    @staticmethod
    def ratio_row(key, name, slip, base, target, warm=None):
        s = statistics.median(r["seconds"] for r in slip)
        b = statistics.median(r["seconds"] for r in base)
        ratio = s / b if b > 0 else float("inf")
        return {"key": key, "scenario": name, "slipwayMedianS": s, "baselineMedianS": b, "ratio": ratio,
                "target": target, "pass": None if target is None else ratio <= target,
                "stageMedianMs": stage_medians(slip),
                "baselineStageMedianMs": stage_medians(base), "runs": slip, "baselineRuns": base, "warmup": warm or []}


def start_remote(backend, root: Path):
    """A fresh remote cache server for backend on a free loopback port; its .url is the --cache URL."""
    if backend == "redis":
        return Redis(root / "redis").start()
    if backend == "redis-cluster":
        return RedisCluster(root / "redis-cluster").start()
    if backend == "http":
        return Nginx(root / "nginx").start()
    server = Registry(root / "oci-registry").start()
    server.url = f"oci://{server.host}/bench/actions"
    return server


def empty_url(backend, server, rep):
    """A --cache URL on the same server that nothing has written to: a database, path or repository of its
    own per rep; None for a Redis Cluster, which has one database, holding the warm entries of the other rows."""
    if backend == "redis":
        return f"{server.url}/{rep + 1}"
    if backend == "redis-cluster":
        return None
    if backend == "http":
        return f"{server.url}-empty-{rep}"
    return f"oci://{server.host}/bench/empty-{rep}"


def rmtree(path: Path):
    """Removes a tree even if go left it read-only (a GOMODCACHE written without -modcacherw)."""
    def fix(func, p, _exc):
        os.chmod(os.path.dirname(p), 0o755)
        if os.path.isdir(p) and not os.path.islink(p):
            os.chmod(p, 0o755)
        func(p)
    if path.exists():
        shutil.rmtree(path, onerror=fix)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SlipwayProxy:
    """`slipway proxy serve` on a free loopback port, ready once it prints its "serving modules at" line."""

    def __init__(self, slipway, app, log: Path, env):
        self.argv = [slipway, "proxy", "serve", "--listen", f"127.0.0.1:{free_port()}", "-C", str(app)]
        self.log, self.env, self.proc, self.url, self.exit_code = log, env, None, None, None

    def start(self, timeout=120.0):
        ready = threading.Event()
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(self.argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=self.env, start_new_session=True)
        proc._live.add(self.proc.pid)

        def pump():  # copies output to the log; notes the URL from the first "serving" line
            with open(self.log, "wb") as out:
                for line in self.proc.stdout:
                    out.write(line)
                    out.flush()
                    text = line.decode("utf-8", "replace")
                    if self.url is None and "serving modules at " in text:
                        self.url = text.split("serving modules at ", 1)[1].split()[0]
                        ready.set()
            ready.set()

        threading.Thread(target=pump, name="proxy-serve-log", daemon=True).start()
        if not ready.wait(timeout) or self.url is None:
            self.stop()
            raise proc.CommandFailed(f"{' '.join(self.argv)} did not print its serving line within {timeout}s "
                                     f"(exit {self.exit_code}); log {self.log}:\n"
                                     f"{self.log.read_text(errors='replace')[-2000:]}")
        return self

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            except ProcessLookupError:
                self.proc.wait()
        proc._live.discard(self.proc.pid)
        self.exit_code = self.proc.returncode


def stage_medians(runs):
    """Median durationMs per stage name, in the order stages first appear."""
    values = {}
    for r in runs:
        for name, ms in (r.get("stages") or {}).items():
            if isinstance(ms, (int, float)):
                values.setdefault(name, []).append(ms)
    return {name: statistics.median(v) for name, v in values.items()}


# --- report --------------------------------------------------------------------------------------------
def hits_text(actions):
    if not actions:
        return "no cache.actions in the summary"
    tiers = actions.get("tiers") or {}
    files = ", ".join(f"{t} {v.get('files')} files/{(v.get('bytes') or 0) / 2**20:.1f} MiB/{v.get('ms')} ms"
                      for t, v in tiers.items() if isinstance(v, dict))
    return f"actions hits {actions.get('hits')} misses {actions.get('misses')}" + (f"; {files}" if files else "")


def modules_text(modules):
    """`cache.modules.tiers` of a --json summary: files/MiB/ms per tier (local, each remote by URL, upstream)."""
    tiers = (modules or {}).get("tiers") or {}
    if not tiers:
        return "no cache.modules.tiers in the summary"
    return "modules " + ", ".join(f"{t} {v.get('files')} files/{(v.get('bytes') or 0) / 2**20:.1f} MiB/"
                                  f"{v.get('ms')} ms" for t, v in tiers.items() if isinstance(v, dict))


def spread(values, fmt="{:.2f}"):
    """min-max of a side's runs, as the median alone hides it."""
    values = list(values)
    return f"{fmt.format(min(values))}-{fmt.format(max(values))}" if values else "n/a"


def evidence_h(row):
    runs, base = row["runs"], row["baselineRuns"]
    if row.get("unit") == "bytes":
        mib = lambda rs, k: spread((r[k] / 2**20 for r in rs), "{:.1f}")  # noqa: E731
        return (f"MiB, not seconds: slipway upstream {mib(runs, 'upstreamBytes')} MiB over {len(runs)} runs "
                f"({statistics.median(r['upstreamFiles'] for r in runs):g} files); go build into an empty GOMODCACHE "
                f"{mib(base, 'downloadBytes')} MiB ({row['buildZips']} .zip {row['buildZipBytes'] / 2**20:.1f} MiB + "
                f"{row['buildModFiles']} .mod {row['buildModBytes'] / 2**20:.2f} MiB); go.sum lists "
                f"{row['goSumVersions']} module versions ({row['goSumZips']} with a zip line)")
    parts = [f"spread (min-max s) {spread(r['seconds'] for r in runs)} vs {spread(r['seconds'] for r in base)}"]
    if "hitRate" in row:
        rate = "n/a" if row["hitRate"] is None else f"{100 * row['hitRate']:.1f}%"
        parts.append(f"action hit rate {rate} ({row['hits']}/{row['hits'] + row['misses']} over {len(runs)} runs; "
                     f"target >=95%: {'PASS' if row['hitRatePass'] else 'FAIL'})")
        parts.append(f"upstream module bytes max {row['upstreamBytesMax']} (target 0: "
                     f"{'PASS' if row['upstreamPass'] else 'FAIL'})")
        parts.append("last run " + modules_text(runs[-1].get("modules")))
        parts.append(hits_text(runs[-1].get("actions")))
    else:
        parts.append("last run " + modules_text(runs[-1].get("modules")))
    parts.append(f"max RSS {max(r['maxRssMb'] for r in runs):.0f} MB")
    return ", ".join(parts)


def evidence_e(row):
    if "hitRate" not in row:  # the first runner against an empty remote: what it wrote, and where its time went
        last = row["runs"][-1].get("actions")
        return (f"last run {hits_text(last)}, spread {spread(r['seconds'] for r in row['runs'])} s, "
                f"max RSS {max(r['maxRssMb'] for r in row['runs']):.0f} MB")
    rate = row["hitRate"]
    rate_text = "n/a" if rate is None else f"{100 * rate:.1f}%"
    parts = [f"action hit rate {rate_text} ({row['hits']}/{row['hits'] + row['misses']} over {len(row['runs'])} "
             f"cold runs; target >=95%: {'PASS' if row['hitRatePass'] else 'FAIL'})"]
    last = row["runs"][-1].get("actions")
    parts.append("last cold run " + hits_text(last))
    asked = row["runs"][-1].get("remoteRequests")
    if asked:
        parts.append("its registry requests " + ", ".join(f"{k} {v}" for k, v in asked.items()))
    parts.append(f"max RSS {max(r['maxRssMb'] for r in row['runs']):.0f} MB")
    return ", ".join(parts)


def evidence_g(row):
    runs, base = row["runs"], row["baselineRuns"]
    cache = [r["cache"] for r in runs if r.get("cache")]
    parts = [f"go compiled (median packages) {statistics.median(r['compiled'] for r in runs):g} vs "
             f"{statistics.median(r['compiled'] for r in base):g}"]
    if cache:
        parts.append(f"store hits {sum(c['hits'] for c in cache)}, misses {sum(c['misses'] for c in cache)}, "
                     f"writes {sum(c['writes'] for c in cache)} over {len(cache)} runs")
    parts.append(f"max RSS {max(r['maxRssMb'] for r in runs):.0f} MB")
    return ", ".join(parts)


def evidence(row):
    runs = row["runs"]
    if row["key"].startswith("d"):
        return evidence_d(row)
    if row["key"] == "e":
        return evidence_e(row)
    if row["key"] == "g":
        return evidence_g(row)
    if row["key"] == "h":
        return evidence_h(row)
    if row["key"] == "i":
        return evidence_i(row)
    fast = sum(1 for r in runs if r["fastPath"] is True)
    known = any(r["fastPath"] is not None for r in runs)
    parts = [f"fastPath {fast}/{len(runs)}" if known else "fastPath n/a (no --json summary)"]
    ups = [r["uploaded"] for r in runs if r["uploaded"] is not None]
    if ups:
        parts.append(f"uploaded {sum(ups)}")
    puts = [r["registry"]["blobPuts"] for r in runs if "registry" in r]
    if puts:
        parts.append(f"registry blob PUTs {sum(puts)}")
    if row["key"] == "c":
        kib = lambda n: "?" if n is None else f"{n / 1024:.0f} KiB"  # noqa: E731
        parts = [f"layer gzip {kib(row['gzipLayerBytes'])}, zstd {kib(row['zstdLayerBytes'])}"]
    parts.append(f"max RSS {max(r['maxRssMb'] for r in runs):.0f} MB")
    return ", ".join(parts)


def evidence_i(row):
    """What a changed fleet pushed: only the changed image's blobs (its binary layer and config) and manifests, and
    the JVM's own peak RSS (target <= 300 MB)."""
    runs, base = row["runs"], row["baselineRuns"]
    per = lambda rs, k: spread([r["registry"][k] for r in rs], "{:.0f}")  # noqa: E731
    peaks = [r["jvmPeakRssMb"] for r in runs if r.get("jvmPeakRssMb") is not None]
    jvm = f"JVM peak RSS {max(peaks):.0f} MB (target <= 300)" if peaks else "JVM peak RSS n/a"
    return (f"per run: blob PUTs {per(runs, 'blobPuts')} (alone {per(base, 'blobPuts')}), manifest PUTs "
            f"{per(runs, 'manifestPuts')} (alone {per(base, 'manifestPuts')}); {jvm}; max RSS of any process "
            f"{max(r['maxRssMb'] for r in runs):.0f} MB")


def evidence_d(row):
    runs, base = row["runs"], row["baselineRuns"]
    up = lambda rs: sum(r["upstream"]["zip"] for r in rs)  # noqa: E731
    parts = [f"{row['modules']} zips, {row['zipBytes'] / 2**20:.1f} MiB",
             f"upstream zip GETs: slipway {up(runs)}, baseline {up(base)}"]
    if row["key"] == "d":
        parts.append(f"zips restored {min(r['zipsInModcache'] for r in runs)}/{row['modules']}")
    else:
        mods = [r["modules"] for r in runs if r.get("modules")]
        if mods:
            tiers = mods[-1].get("tiers") or {}
            parts.append(f"cache.modules hits {mods[-1].get('hits')} misses {mods[-1].get('misses')} "
                         f"tiers {','.join(sorted(tiers))}")
    parts.append(f"max RSS {max(r['maxRssMb'] for r in runs):.0f} MB")
    return ", ".join(parts)


def print_table(facts, rows, reps):
    print()
    print(f"machine: nproc={facts['nproc']} | {facts['go']} | {facts['java']}")
    print(f"slipway: {facts['slipway']} ({facts['slipwayRev']}) | medians of {reps} runs")
    hdr = f"{'scenario':<44} {'slipway s':>9} {'base s':>8} {'ratio':>6} {'target':>7} {'result':>6}"
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        if r["key"] == "f":
            continue
        target = "info" if r["target"] is None else f"<={r['target']:g}"
        result = "info" if r["pass"] is None else ("PASS" if r["pass"] else "FAIL")
        name = f"{r['key']}. {r['scenario']}"
        if r.get("unit") == "bytes":  # a size row: MiB in the time columns
            print(f"{name:<44} {r['slipwayMedianBytes'] / 2**20:>8.1f}M {r['baselineMedianBytes'] / 2**20:>7.1f}M "
                  f"{r['ratio']:>6.2f} {target:>7} {result:>6}")
            print(f"{'':<4}{evidence(r)}")
            continue
        print(f"{name:<44} {r['slipwayMedianS']:>9.3f} {r['baselineMedianS']:>8.3f} {r['ratio']:>6.2f} "
              f"{target:>7} {result:>6}")
        print(f"{'':<4}{evidence(r)}")
        if r["key"] == "e" and r["target"] == 0.2 and not r.get("baselineName"):
            continue
        labelled = ((r.get("slipwayName", "stages"), r["stageMedianMs"]),
                    (r.get("baselineName"), r["baselineStageMedianMs"]))
        for label, stages in labelled:
            if stages and label:
                print(f"{'':<4}{label} (median ms): " + " ".join(f"{n}={v:g}" for n, v in stages.items()))
    for r in rows:
        if r["key"] == "e" and r["target"] == 2.5:
            rate = "n/a" if r["hitRate"] is None else f"{100 * r['hitRate']:.1f}%"
            print(f"\nACTION HIT RATE ({r['backend']}, cold runners): {rate} (target >= 95%: "
                  f"{'PASS' if r['hitRatePass'] else 'FAIL'})", end="")
    print()
    for r in rows:
        if r["key"] == "f":
            print_replay(r)
    for r in rows:
        if r["key"] == "h" and r["target"] == 0.2:
            print(f"\nREAL GRAPH, FRESH RUNNER (issue 11): warm redis remote {r['slipwayMedianS']:.2f}s / no cache "
                  f"{r['baselineMedianS']:.2f}s = {r['ratio']:.2f} (target <= 0.2: {'PASS' if r['pass'] else 'FAIL'}); "
                  f"upstream module bytes with GOPROXY=off: max {r['upstreamBytesMax']} (target 0: "
                  f"{'PASS' if r['upstreamPass'] else 'FAIL'})", end="")
        if r["key"] == "h" and r.get("unit") == "bytes":
            print(f"; module bytes, no cache / go build: {r['ratio']:.3f} (target <= 1.0: "
                  f"{'PASS' if r['pass'] else 'FAIL'})")
    for r in rows:
        if r["key"] == "d":
            print(f"\nMODULE RESTORE RATIO (issue 3): {r['ratio']:.2f} = `go mod download` of {r['modules']} modules "
                  f"({r['zipBytes'] / 2**20:.1f} MiB of zips) into an empty GOMODCACHE via slipway proxy serve "
                  f"{r['slipwayMedianS']:.3f}s / from a loopback upstream {r['baselineMedianS']:.3f}s (info)")


def print_replay(r):
    pct = lambda x: "n/a" if x is None else f"{100 * x:.1f}%"  # noqa: E731
    print(f"\nf. {r['scenario']} of {r['repo']}, each on a fresh runner (the first commit warms the remote)")
    print(f"    {'commit':<13}{'hits':>6}{'misses':>7}{'rate':>8}{'existed':>10}{'redone':>7}  new actions by kind;"
          f" subject")
    for c in r["runs"]:
        n = c["hits"] + c["misses"]
        rate = "warm-up" if c["warmup"] else pct(c["hits"] / n if n else None)
        new = ", ".join(f"{k} {v['asked'] - v['existed']}" for k, v in sorted(c["kinds"].items())
                        if v["asked"] > v["existed"]) or "none"
        print(f"    {c['commit']:<13}{c['hits']:>6}{c['misses']:>7}{rate:>8}{c['existed']:>5}/{c['asked']:<4}"
              f"{c['redone']:>7}  {new}; {c['subject'][:70]}")
    digests = len({c["digest"] for c in r["runs"]})
    print(f"    {digests} distinct image digests over {len(r['runs'])} commits; unavoidable (new) actions by kind: "
          f"{r['newByKind']}")
    print(f"REPLAY HIT RATE ({r['backend']}, {r['counted']} commits): {pct(r['hitRate'])} = {r['hits']}/"
          f"{r['hits'] + r['misses']} lookups (target >= 95%: {'PASS' if r['pass'] else 'FAIL'}); of actions that "
          f"existed in the remote: {pct(r['hitRateOfExisting'])} served ({r['redone']} of {r['existed']} redone); "
          f"compile actions: {pct(r['compileHitRate'])} (a perfect cache {pct(r['compilePerfectRate'])}); all "
          f"actions, perfect cache: {pct(r['perfectRate'])}")


def main(argv):
    args = parse_args(argv)
    # Outside CI the launcher runs builds in a warm server; every row but the -warm ones measures a JVM per build.
    os.environ["SLIPWAY_SERVER"] = "off"
    bench = Bench(args)
    atexit.register(bench.teardown)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    facts = machine_facts(args.slipway_cmd)
    rows = []
    try:
        bench.setup()
        for key in ("a", "b", "c", "d", "e", "f", "g", "h", "i"):
            if key in args.scenarios:
                print(f"scenario {key} ...", flush=True)
                row = getattr(bench, f"scenario_{key}")()
                rows.extend(row if isinstance(row, list) else [row])
    except proc.CommandFailed as e:
        print(f"bench: {e}", file=sys.stderr)
        return 1
    finally:
        bench.teardown()
    print_table(facts, rows, args.reps)
    results = {"facts": facts, "reps": args.reps, "deps": args.deps, "packages": args.packages,
               "seed": args.seed, "modules": args.modules, "scenarios": rows}
    (bench.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nresults: {bench.out / 'results.json'}; logs: {bench.logs}")
    ok = all(r["pass"] is not False and r.get("hitRatePass") is not False and r.get("upstreamPass") is not False
             for r in rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
