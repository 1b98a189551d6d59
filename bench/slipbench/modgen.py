"""Fixture Go modules for the module-restore scenario, written as a GOPROXY file tree and served on loopback.

generate() writes N modules of realistic, seeded sizes (most 20-200 KB zipped, every 20th 1-5 MB) as
<root>/<escaped path>/@v/{list,<v>.info,<v>.mod,<v>.zip}, the layout the Go module proxy serves. Each zip holds
<path>@<version>/go.mod, a few generated Go files and, for most, a testdata blob of pseudo-random but compressible
text. A few module paths have upper-case letters, so clients must use the proxy's case-encoding (!x).

Upstream serves such a tree over HTTP/1.1 on a free 127.0.0.1 port from a thread, counting requests and bytes.
"""

import http.server
import json
import random
import socketserver
import threading
import zipfile
from pathlib import Path

PREFIX = "bench.example"
GO_VERSION = "1.21"
ZIP_TIME = (2024, 1, 2, 3, 4, 6)
HEX = bytes.maketrans(bytes(range(256)), b"0123456789abcdef" * 16)


def escape(path):
    """The module proxy's case-encoding: each upper-case letter becomes '!' and its lower-case form."""
    return "".join("!" + c.lower() if c.isupper() else c for c in path)


def module_paths(n):
    """bench.example/depNNN, with every 25th (from 2) under an upper-case element: bench.example/Upper/depNNN."""
    out = []
    for i in range(n):
        name = f"dep{i:03d}"
        out.append((f"{PREFIX}/Upper/{name}" if i % 25 == 2 else f"{PREFIX}/{name}", name))
    return out


def _target_zip_bytes(i, r):
    if i % 20 == 9:  # a few big ones, as real dependency trees have (cloud SDKs, generated APIs)
        return int(r.uniform(1.0, 5.0) * 1024 * 1024)
    return int(20 * 1024 * (10 ** r.uniform(0, 1)))  # log-uniform 20-200 KB


def _go_file(pkg, f, r):
    lines = [f"// Code for the {pkg} benchmark fixture; file {f}.", "", f"package {pkg}", "",
             'import (', '\t"fmt"', '\t"sort"', '\t"strings"', ')', ""]
    for k in range(r.randint(12, 30)):
        fields = r.sample(["Name string", "Owner string", "Count int", "Limit int", "Weight float64",
                           "Active bool", "Tags []string", "Note string", "Region string", "Score float64"], 5)
        t = f"T{f}x{k}"
        lines += [f"// {t} is a generated record type.", f"type {t} struct {{"]
        lines += [f'\t{fl} `json:"{fl.split()[0].lower()}"`' for fl in fields]
        lines += ["}", "",
                  f"// Describe{t} renders a {t} for logs.",
                  f"func Describe{t}(v {t}, extra ...string) string {{",
                  "\tparts := append([]string(nil), extra...)",
                  "\tsort.Strings(parts)",
                  f'\treturn fmt.Sprintf("{pkg}.{t}{{%+v}} %s %d", v, strings.Join(parts, ","), '
                  f'{r.randint(0, 1 << 30)})',
                  "}", ""]
    return "\n".join(lines)


def _blob(r, nbytes):
    """Hex text from seeded random bytes: 4 bits of entropy a byte, so deflate gets it to about 58%."""
    return r.randbytes(nbytes).translate(HEX).replace(b"0", b"\n", 1)


def _write_zip(zpath, mpath, version, files):
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, data in files:
            info = zipfile.ZipInfo(f"{mpath}@{version}/{name}", ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)


def generate(root: Path, n, seed):
    """Writes the proxy tree; returns a list of {path, name, version, zipBytes} in path order."""
    r = random.Random(f"modgen-{seed}")
    mods = []
    for i, (mpath, name) in enumerate(module_paths(n)):
        version = f"v{r.randint(0, 3)}.{r.randint(0, 30)}.{r.randint(0, 9)}"
        if version.startswith("v2") or version.startswith("v3"):
            version = "v1" + version[2:]  # no /vN suffix in these paths, so stay in v0/v1
        gomod = f"module {mpath}\n\ngo {GO_VERSION}\n"
        target = _target_zip_bytes(i, r)
        files = [("go.mod", gomod.encode()), ("LICENSE", b"Benchmark fixture; no rights reserved.\n"),
                 (f"{name}.go", f"// Package {name} is a slipway benchmark fixture module.\npackage {name}\n\n"
                                f"// Name identifies the module.\nfunc Name() string {{ return {json.dumps(mpath)} }}\n"
                                .encode())]
        srcs = r.randint(2, 10)
        for f in range(srcs):
            files.append((f"gen{f}.go", _go_file(name, f, r).encode()))
        source_zipped = srcs * 1100  # roughly what one generated file deflates to
        if target > source_zipped + 4096:
            blob = _blob(r, int((target - source_zipped) / 0.58))
            chunk = 512 * 1024
            for b, off in enumerate(range(0, len(blob), chunk)):
                files.append((f"testdata/corpus{b}.txt", blob[off:off + chunk]))
        vdir = root / escape(mpath) / "@v"
        vdir.mkdir(parents=True, exist_ok=True)
        (vdir / "list").write_text(version + "\n")
        (vdir / f"{version}.info").write_text(json.dumps({"Version": version, "Time": "2024-01-02T03:04:05Z"}))
        (vdir / f"{version}.mod").write_text(gomod)
        _write_zip(vdir / f"{version}.zip", mpath, version, files)
        mods.append({"path": mpath, "name": name, "version": version,
                     "zipBytes": (vdir / f"{version}.zip").stat().st_size})
    return mods


def write_app(app: Path, mods, module="bench.example/restoreapp"):
    """An app module that requires every fixture and imports each one's root package from main.go."""
    app.mkdir(parents=True, exist_ok=True)
    req = "".join(f"\t{m['path']} {m['version']}\n" for m in mods)
    (app / "go.mod").write_text(f"module {module}\n\ngo {GO_VERSION}\n\nrequire (\n{req})\n")
    imports = "".join(f'\t{m["name"]} "{m["path"]}"\n' for m in mods)
    calls = "".join(f"\tnames = append(names, {m['name']}.Name())\n" for m in mods)
    (app / "main.go").write_text(f'package main\n\nimport (\n\t"fmt"\n\n{imports})\n\nfunc main() {{\n'
                                 f"\tvar names []string\n{calls}\tfmt.Println(len(names))\n}}\n")


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real proxy would offer
    disable_nagle_algorithm = True  # else headers and body in two writes meet delayed ACKs: 40 ms stalls

    def log_message(self, fmt, *args):
        pass

    def send_response(self, code, message=None):
        self.server.stats_add(self.path, code)
        super().send_response(code, message)

    def copyfile(self, source, outputfile):
        n = 0
        while True:
            buf = source.read(256 * 1024)
            if not buf:
                break
            outputfile.write(buf)
            n += len(buf)
        self.server.stats_bytes(n)


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class Upstream:
    """The tree served read-only on 127.0.0.1:<free port>; counts requests (by kind) and body bytes."""

    def __init__(self, root: Path):
        handler = lambda *a, **kw: _Handler(*a, directory=str(root), **kw)  # noqa: E731
        self.server = _Server(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._lock = threading.Lock()
        self._stats = {}
        self.server.stats_add = self._add
        self.server.stats_bytes = lambda n: self._add(None, None, n)
        self.thread = threading.Thread(target=self.server.serve_forever, name="upstream", daemon=True)

    def _add(self, path, code, nbytes=0):
        with self._lock:
            s = self._stats
            if path is not None:
                kind = "zip" if path.endswith(".zip") else "mod" if path.endswith(".mod") else "other"
                s["requests"] = s.get("requests", 0) + 1
                s[kind] = s.get(kind, 0) + 1
                if code >= 400:
                    s["errors"] = s.get("errors", 0) + 1
            s["bytes"] = s.get("bytes", 0) + nbytes

    def start(self):
        self.thread.start()
        return self

    def take(self):
        """Returns the counts since the last take() and resets them."""
        with self._lock:
            s, self._stats = self._stats, {}
        return {"requests": s.get("requests", 0), "zip": s.get("zip", 0), "mod": s.get("mod", 0),
                "errors": s.get("errors", 0), "bytes": s.get("bytes", 0)}

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
