"""A seeded git history on top of the generated service, for scenario f (commit replay).

Each commit is one kind of change a real team makes, so that replaying them shows which compile actions a shared
remote cache can and cannot serve: a function body in a leaf package, a new exported function in a mid-DAG
package, an edit in cmd/, a new file, a rename, a comment-only change, files go never compiles, go.mod, a test
file, a new package, a new struct field, and a revert that brings back a tree the cache has seen.
"""

import os
import random
import re
import subprocess
from pathlib import Path

from . import gen

GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com", "GIT_COMMITTER_NAME": "bench",
           "GIT_COMMITTER_EMAIL": "bench@example.com", "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
           "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z"}


def git(repo: Path, *args, env=None):
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=dict(os.environ, **GIT_ENV, **(env or {}))).stdout.strip()


def importers(root: Path, names):
    """For each package name, the packages that import it (from their util.go imports)."""
    out = {n: [] for n in names}
    for n in names:
        text = (root / "internal" / n / "util.go").read_text()
        for dep in re.findall(rf'"{re.escape(gen.MODULE)}/internal/(\w+)"', text):
            out[dep].append(n)
    return out


def _replace(path: Path, old, new):
    text = path.read_text()
    if old not in text:
        raise RuntimeError(f"history: {old!r} not found in {path}")
    path.write_text(text.replace(old, new, 1))


def _insert_after(path: Path, marker, line):
    """Inserts line after the first line containing marker (gofmt aligns struct fields, so match loosely)."""
    lines = path.read_text().split("\n")
    at = next(i for i, text in enumerate(lines) if marker in text)
    path.write_text("\n".join(lines[:at + 1] + [line] + lines[at + 1:]))


def _append(path: Path, text):
    with open(path, "a") as f:
        f.write(text)


def generate(root: Path, packages=40, seed=1):
    """Writes the service under root as a git repository: a base commit and then the edits. Returns the list of
    (sha, subject) oldest first."""
    leaf, names = gen.generate(root, packages, seed)
    r = random.Random(seed * 7919)
    users = importers(root, names)
    bottom = leaf.parent.name  # imports no internal package; everything above it depends on it
    tops = [n for n in names if not users[n]]  # imported by cmd only
    mids = [n for n in names if users[n] and n != bottom]
    mid = max(mids, key=lambda n: (len(users[n]), n))  # the package whose API change reaches furthest
    top = r.choice(tops)
    quiet = r.choice([n for n in mids if n != mid])
    git(root, "init", "-q", "-b", "main")
    (root / "README.md").write_text("# benchsvc\n\nA generated service for Slipway's benchmark.\n")
    commits = []

    def commit(subject):
        subprocess.run(["gofmt", "-w", "."], cwd=root, check=True)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", subject)
        commits.append((git(root, "rev-parse", "HEAD"), subject))

    commit("base: generated service")

    _replace(root / "internal" / bottom / "types.go", "too long", "is too long")
    commit(f"leaf: reword an error in {bottom} (imports nothing internal; {len(users[bottom])} direct importers)")

    _append(root / "internal" / mid / "util.go",
            f"\n// Count returns how many items the store holds.\nfunc Count(s *Store) int {{ return len(s.List()) }}\n")
    commit(f"mid-DAG: new exported func in {mid} ({len(users[mid])} direct importers)")

    _replace(root / "cmd" / "benchsvc" / "main.go", "ReadHeaderTimeout: 10 * time.Second",
             "ReadHeaderTimeout: 15 * time.Second")
    commit("cmd: longer header timeout")

    (root / "internal" / top / "limits.go").write_text(
        f"package {top}\n\n// MaxPage is the largest page a list handler returns.\nconst MaxPage = 500\n")
    commit(f"new file: {top}/limits.go")

    git(root, "mv", f"internal/{quiet}/store.go", f"internal/{quiet}/memstore.go")
    commit(f"rename: {quiet}/store.go -> memstore.go")

    _replace(root / "internal" / quiet / "handler.go", "// Handler serves",
             "// Handler serves (reviewed for the v2 API)")
    commit(f"comment only: {quiet}/handler.go")

    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "api.md").write_text("# API\n\nEvery package serves GET/POST on its own path.\n")
    _append(root / "README.md", "\nSee docs/api.md.\n")
    commit("docs only: no Go file changes")

    _append(root / "go.mod", "\n// Dependencies are kept to the standard library.\n")
    commit("go.mod: comment only")

    (root / "internal" / bottom / "types_test.go").write_text(
        f'package {bottom}\n\nimport "testing"\n\nfunc TestValidate(t *testing.T) {{\n'
        f'\tif (Item{{}}).Validate() == nil {{\n\t\tt.Fatal("empty id accepted")\n\t}}\n}}\n')
    commit(f"test only: {bottom}/types_test.go")

    _replace(root / "internal" / mid / "handler.go", "http.StatusUnprocessableEntity", "http.StatusBadRequest")
    commit(f"mid-DAG: function body only in {mid}")

    new = "metrics"
    (root / "internal" / new).mkdir()
    (root / "internal" / new / "metrics.go").write_text(
        f'package {new}\n\nimport (\n\t"expvar"\n\n\t"{gen.MODULE}/internal/{top}"\n)\n\n'
        f'// Requests counts requests served.\nvar Requests = expvar.NewInt("requests")\n\n'
        f'// PageLimit is exported for the handlers.\nconst PageLimit = {top}.MaxPage\n')
    _replace(root / "cmd" / "benchsvc" / "main.go", "\nfunc main() {", f'\nvar _ = {new}.PageLimit\n\nfunc main() {{')
    _replace(root / "cmd" / "benchsvc" / "main.go", "import (", f'import (\n\t"{gen.MODULE}/internal/{new}"')
    commit(f"new package: internal/{new}, used by cmd")

    _insert_after(root / "internal" / top / "types.go", '`json:"id"`', '\tVersion int `json:"version,omitempty"`')
    commit(f"API: new field in {top}.Item (imported by cmd only)")

    git(root, "revert", "--no-edit", commits[-1][0])
    commits.append((git(root, "rev-parse", "HEAD"), f"revert: the new field in {top}.Item"))
    return commits
