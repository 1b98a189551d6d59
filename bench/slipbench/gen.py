"""Deterministic generator for a medium-sized Go service used by the benchmark.

The service has N internal packages arranged in a DAG (package i may import packages j < i), each with a few
files of ordinary code: JSON-tagged structs, methods, a mutex-guarded store, sorting, string helpers and
net/http handlers. cmd/benchsvc wires every package into one ServeMux.
"""

import random
import subprocess
from pathlib import Path

MODULE = "example.com/benchsvc"
MAIN_PKG = "./cmd/benchsvc"

# Real, small, widely used modules; only used with --deps, resolved through the user's GOPROXY by `go mod tidy`.
# Versions are pinned so that the generated tree is the same on every run.
DEPS = [
    ("github.com/google/uuid", "uuid", "uuid.NewString()"),
    ("golang.org/x/sync/errgroup", "errgroup", "func() string { var g errgroup.Group; g.Go(func() error { return nil }); _ = g.Wait(); return \"g\" }()"),
    ("github.com/go-chi/chi/v5", "chi", "func() string { r := chi.NewRouter(); _ = r; return \"chi\" }()"),
    ("gopkg.in/yaml.v3", "yaml", "func() string { b, _ := yaml.Marshal(map[string]int{\"a\": 1}); return string(b) }()"),
]

PINS = {"github.com/google/uuid": "v1.6.0", "golang.org/x/sync": "v0.10.0", "github.com/go-chi/chi/v5": "v5.2.1",
        "gopkg.in/yaml.v3": "v3.0.1"}

NOUNS = ["order", "invoice", "customer", "account", "payment", "shipment", "ledger", "tenant", "session", "quota",
         "catalog", "price", "coupon", "review", "ticket", "report", "audit", "webhook", "token", "profile"]


def pkg_name(i):
    return f"{NOUNS[i % len(NOUNS)]}{i // len(NOUNS) or ''}"


def _types_go(name, r):
    fields = r.sample(["Name string", "Owner string", "Region string", "Note string", "Count int",
                       "Limit int", "Weight float64", "Active bool", "Tags []string", "Labels map[string]string"], 6)
    lines = [f"package {name}", "", "import (", '\t"fmt"', '\t"strings"', '\t"time"', ")", "",
             f"// Item is one {name} record as stored and served over HTTP.", "type Item struct {",
             '\tID string `json:"id"`']
    for f in fields:
        fname = f.split()[0]
        lines.append(f'\t{f} `json:"{fname.lower()},omitempty"`')
    lines += ['\tCreated time.Time `json:"created"`', "}", "",
              "// Key is the sort and lookup key of an item.",
              "func (it Item) Key() string { return strings.ToLower(it.ID) }", "",
              "// Validate reports the first problem with the item, if any.",
              "func (it Item) Validate() error {",
              '\tif strings.TrimSpace(it.ID) == "" {',
              f'\t\treturn fmt.Errorf("{name}: empty id")', "\t}",
              f"\tif len(it.ID) > {r.randint(32, 128)} {{",
              f'\t\treturn fmt.Errorf("{name}: id %q too long", it.ID)', "\t}", "\treturn nil", "}", "",
              "// String renders a short human form.",
              "func (it Item) String() string {",
              f'\treturn fmt.Sprintf("{name}(%s @ %s)", it.ID, it.Created.Format(time.RFC3339))', "}", ""]
    return "\n".join(lines)


def _store_go(name, r):
    return f"""package {name}

import (
\t"sort"
\t"sync"
)

// Store keeps items in memory, guarded by a mutex.
type Store struct {{
\tmu    sync.RWMutex
\titems map[string]Item
}}

// NewStore returns an empty store.
func NewStore() *Store {{ return &Store{{items: make(map[string]Item, {r.randint(8, 64)})}} }}

// Put validates and stores an item, replacing any with the same key.
func (s *Store) Put(it Item) error {{
\tif err := it.Validate(); err != nil {{
\t\treturn err
\t}}
\ts.mu.Lock()
\tdefer s.mu.Unlock()
\ts.items[it.Key()] = it
\treturn nil
}}

// Get returns the item with the given key.
func (s *Store) Get(key string) (Item, bool) {{
\ts.mu.RLock()
\tdefer s.mu.RUnlock()
\tit, ok := s.items[key]
\treturn it, ok
}}

// List returns all items sorted by key.
func (s *Store) List() []Item {{
\ts.mu.RLock()
\tout := make([]Item, 0, len(s.items))
\tfor _, it := range s.items {{
\t\tout = append(out, it)
\t}}
\ts.mu.RUnlock()
\tsort.Slice(out, func(i, j int) bool {{ return out[i].Key() < out[j].Key() }})
\treturn out
}}
"""


def _util_go(name, deps, extdep, r):
    imports = ['"strings"', '"unicode"'] + [f'"{MODULE}/internal/{d}"' for d in deps]
    if extdep:
        imports.append(f'"{extdep[0]}"')
    calls = "".join(f"\ts = {d}.Normalize(s)\n" for d in deps)
    ext = f"\t_ = {extdep[2]}\n" if extdep else ""
    sep = r.choice(["-", "_", "."])
    return f"""package {name}

import (
{chr(10).join(chr(9) + i for i in imports)}
)

// Normalize trims, lower-cases and joins words with {sep!r}, after the rules of the packages below it.
func Normalize(s string) string {{
{calls}{ext}\tfields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {{
\t\treturn !unicode.IsLetter(r) && !unicode.IsDigit(r)
\t}})
\treturn strings.Join(fields, "{sep}")
}}

// Summarize returns up to n normalized names, for logs.
func Summarize(items []Item, n int) string {{
\tvar b strings.Builder
\tfor i, it := range items {{
\t\tif i == n {{
\t\t\tb.WriteString("...")
\t\t\tbreak
\t\t}}
\t\tif i > 0 {{
\t\t\tb.WriteString(", ")
\t\t}}
\t\tb.WriteString(Normalize(it.ID))
\t}}
\treturn b.String()
}}
"""


def _handler_go(name, r):
    return f"""package {name}

import (
\t"encoding/json"
\t"net/http"
\t"time"
)

// Handler serves the {name} API.
type Handler struct {{
\tStore *Store
\tNow   func() time.Time
}}

// Register mounts the handler's routes on mux.
func (h *Handler) Register(mux *http.ServeMux) {{
\tmux.HandleFunc("GET /{name}", h.list)
\tmux.HandleFunc("GET /{name}/{{id}}", h.get)
\tmux.HandleFunc("POST /{name}", h.create)
}}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {{
\twriteJSON(w, http.StatusOK, h.Store.List())
}}

func (h *Handler) get(w http.ResponseWriter, r *http.Request) {{
\tit, ok := h.Store.Get(Normalize(r.PathValue("id")))
\tif !ok {{
\t\thttp.Error(w, "not found", http.StatusNotFound)
\t\treturn
\t}}
\twriteJSON(w, http.StatusOK, it)
}}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {{
\tvar it Item
\tdec := json.NewDecoder(http.MaxBytesReader(w, r.Body, {r.choice([1, 2, 4, 8])} << 20))
\tdec.DisallowUnknownFields()
\tif err := dec.Decode(&it); err != nil {{
\t\thttp.Error(w, err.Error(), http.StatusBadRequest)
\t\treturn
\t}}
\tit.ID = Normalize(it.ID)
\tit.Created = h.Now().UTC()
\tif err := h.Store.Put(it); err != nil {{
\t\thttp.Error(w, err.Error(), http.StatusUnprocessableEntity)
\t\treturn
\t}}
\twriteJSON(w, http.StatusCreated, it)
}}

func writeJSON(w http.ResponseWriter, code int, v any) {{
\tw.Header().Set("Content-Type", "application/json")
\tw.WriteHeader(code)
\t_ = json.NewEncoder(w).Encode(v)
}}
"""


def _main_go(names):
    imports = "\n".join(f'\t"{MODULE}/internal/{n}"' for n in names)
    regs = "\n".join(f"\t(&{n}.Handler{{Store: {n}.NewStore(), Now: time.Now}}).Register(mux)" for n in names)
    return f"""// Command benchsvc is a generated service used only to benchmark Slipway.
package main

import (
\t"context"
\t"log"
\t"net/http"
\t"os"
\t"os/signal"
\t"syscall"
\t"time"

{imports}
)

func main() {{
\tmux := http.NewServeMux()
{regs}
\tmux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {{ _, _ = w.Write([]byte("ok")) }})
\tport := os.Getenv("PORT")
\tif port == "" {{
\t\tport = "8080"
\t}}
\tsrv := &http.Server{{Addr: ":" + port, Handler: mux, ReadHeaderTimeout: 10 * time.Second}}
\tctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
\tdefer stop()
\tgo func() {{
\t\t<-ctx.Done()
\t\tshutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
\t\tdefer cancel()
\t\t_ = srv.Shutdown(shutdown)
\t}}()
\tif err := srv.ListenAndServe(); err != http.ErrServerClosed {{
\t\tlog.Fatal(err)
\t}}
}}
"""


def generate(root: Path, packages=40, seed=1, deps=False):
    """Writes the service under root and returns (leaf package file to edit, list of package names)."""
    r = random.Random(seed)
    names = [pkg_name(i) for i in range(packages)]
    (root / "cmd/benchsvc").mkdir(parents=True, exist_ok=True)
    requires = "".join(f"require {mod} {PINS[mod]}\n" for mod in PINS) if deps else ""
    (root / "go.mod").write_text(f"module {MODULE}\n\ngo 1.24\n\n{requires}")
    leaf = None
    for i, name in enumerate(names):
        d = root / "internal" / name
        d.mkdir(parents=True, exist_ok=True)
        deps_i = sorted(r.sample(names[:i], min(i, r.randint(1, 3)))) if i else []
        extdep = DEPS[(i // 10) % len(DEPS)] if deps and i % 10 == 3 else None
        (d / "types.go").write_text(_types_go(name, r))
        (d / "store.go").write_text(_store_go(name, r))
        (d / "util.go").write_text(_util_go(name, deps_i, extdep, r))
        (d / "handler.go").write_text(_handler_go(name, r))
        if leaf is None and not deps_i:
            leaf = d / "types.go"
    (root / "cmd/benchsvc/main.go").write_text(_main_go(names))
    # The templates are not column-aligned; gofmt makes the tree look like real code (and is deterministic).
    subprocess.run(["gofmt", "-w", "."], cwd=root, check=True)
    return leaf, names


# Scenario e adds this file to cmd/benchsvc: blank imports of more of the standard library, so that a cold build
# compiles much of it, as a real service's cold CI runner does. It works offline.
STDLIB_HEAVY = """package main

import (
\t_ "archive/zip"
\t_ "compress/gzip"
\t_ "crypto/ecdsa"
\t_ "crypto/rsa"
\t_ "crypto/tls"
\t_ "crypto/x509"
\t_ "database/sql"
\t_ "encoding/csv"
\t_ "encoding/xml"
\t_ "expvar"
\t_ "go/format"
\t_ "html/template"
\t_ "image/jpeg"
\t_ "image/png"
\t_ "log/slog"
\t_ "net/http/httputil"
\t_ "net/http/pprof"
\t_ "net/mail"
\t_ "net/rpc"
\t_ "net/smtp"
\t_ "regexp"
\t_ "text/template"
)
"""
