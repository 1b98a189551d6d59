"""A repository of several services, as the brief's teams have them: MODULES Go modules, each with SERVICES main
packages, all importing a shared `platform` module through a local replace, and a slipway.yaml naming every
service as a target. Each service has a package of its own (`internal/<service>`), so a change to it changes that
service's binary alone. Built from gen's templates, so the code looks like the single-service bench's.
"""

import random
import subprocess
from pathlib import Path

from . import gen

ROOT_MODULE = "example.com/fleet"


def _package(d: Path, module: str, name: str, deps, r, sub="internal"):
    d.mkdir(parents=True, exist_ok=True)
    (d / "types.go").write_text(gen._types_go(name, r))
    (d / "store.go").write_text(gen._store_go(name, r))
    (d / "util.go").write_text(gen._util_go(name, deps, None, r).replace(f'"{gen.MODULE}/internal/', f'"{module}/{sub}/'))
    (d / "handler.go").write_text(gen._handler_go(name, r))


def _library(root: Path, module: str, names, r, imports=(), sub="internal"):
    """Packages names[i] under root/sub, package i importing some of those before it (a DAG)."""
    for i, name in enumerate(names):
        deps = sorted(r.sample(names[:i], min(i, r.randint(1, 2)))) if i else []
        _package(root / sub / name, module, name, deps, r, sub)
        if imports and i == 0:  # the module's root package builds on the shared platform
            util = root / sub / name / "util.go"
            text = util.read_text()
            extra = "".join(f'\t_ "{p}"\n' for p in imports)
            util.write_text(text.replace("import (\n", "import (\n" + extra, 1))


def generate(root: Path, modules=4, services=2, packages=8, seed=1):
    """Writes the repository; returns (slipway.yaml targets as [(name, module dir, main dir)], edit file of each)."""
    r = random.Random(seed)
    platform = f"{ROOT_MODULE}/platform"
    pnames = [f"plat{gen.pkg_name(i)}" for i in range(packages)]
    (root / "platform").mkdir(parents=True, exist_ok=True)
    (root / "platform" / "go.mod").write_text(f"module {platform}\n\ngo 1.24\n")
    _library(root / "platform", platform, pnames, r, sub="pkg")  # importable from the other modules
    targets, edits = [], {}
    for m in range(modules):
        module = f"{ROOT_MODULE}/mod{m}"
        mdir = root / f"mod{m}"
        mdir.mkdir(parents=True, exist_ok=True)
        (mdir / "go.mod").write_text(
            f"module {module}\n\ngo 1.24\n\nrequire {platform} v0.0.0\n\nreplace {platform} => ../platform\n")
        names = [f"m{m}{gen.pkg_name(i)}" for i in range(packages)]
        _library(mdir, module, names, r, imports=[f"{platform}/pkg/{p}" for p in pnames])
        for s in range(services):
            svc = f"svc{m}{chr(ord('a') + s)}"
            own = f"{svc}api"
            _package(mdir / "internal" / own, module, own, [names[-1]], r)
            main = gen._main_go(names[s::services] + [own]).replace(f'"{gen.MODULE}/internal/', f'"{module}/internal/')
            (mdir / "cmd" / svc).mkdir(parents=True, exist_ok=True)
            (mdir / "cmd" / svc / "main.go").write_text(main)
            targets.append((svc, f"mod{m}", f"mod{m}/cmd/{svc}"))
            edits[svc] = mdir / "internal" / own / "types.go"
    yaml = ["version: 1", "targets:"]
    for name, _, main in targets:
        yaml += [f"  {name}:", f"    main: ./{main}"]
    (root / "slipway.yaml").write_text("\n".join(yaml) + "\n")
    for d in [root / "platform", *(root / f"mod{m}" for m in range(modules))]:
        subprocess.run(["gofmt", "-w", "."], cwd=d, check=True)
    return targets, edits
