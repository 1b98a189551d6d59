"""Scenario h: a small Go service with a real dependency graph (gRPC, protobuf, OpenTelemetry, Google Cloud and
AWS clients).

write() puts example.com/benchreal under a directory: go.mod with pinned root requirements and cmd/benchreal, a
main package that imports and uses them (a gRPC server with the health and reflection services, instrumented by
otelgrpc; OpenTelemetry tracer and meter providers with OTLP/gRPC and Prometheus exporters; Cloud Storage, Pub/Sub,
Secret Manager and S3 clients, each made on first use without credentials), so that building it needs their module
zips. Mirror.prepare() resolves it once with the real `go mod tidy` through the user's GOPROXY (the only step that
needs the network) into a seed GOMODCACHE kept outside bench/out/work, and keeps go.mod and go.sum beside it; later
bench runs with the same inputs copy them and use the seed's cache/download tree as a file:// GOPROXY, so every
timed run reads the same files from local disk.
"""

import hashlib
import shutil
import subprocess
from pathlib import Path

from . import proc

MODULE = "example.com/benchreal"
MAIN_PKG = "./cmd/benchreal"

# The roots, pinned; `go mod tidy` picks every other module version by minimal version selection, so the
# resolved graph (go.sum) is the same on every machine. All build with Go 1.26.
PINS = {
    "cloud.google.com/go/pubsub/v2": "v2.9.0",
    "cloud.google.com/go/secretmanager": "v1.24.0",
    "cloud.google.com/go/storage": "v1.71.0",
    "github.com/aws/aws-sdk-go": "v1.55.8",
    "github.com/prometheus/client_golang": "v1.24.1",
    "go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc": "v0.72.0",
    "go.opentelemetry.io/otel": "v1.47.0",
    "go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc": "v1.47.0",
    "go.opentelemetry.io/otel/exporters/prometheus": "v0.69.0",
    "go.opentelemetry.io/otel/sdk": "v1.47.0",
    "go.opentelemetry.io/otel/sdk/metric": "v1.47.0",
    "go.opentelemetry.io/otel/trace": "v1.47.0",
    "google.golang.org/api": "v0.316.0",
    "google.golang.org/grpc": "v1.85.0",
    "google.golang.org/protobuf": "v1.36.12",
}

# cmd/benchreal: small real code that imports and uses the roots, so that the build needs their zips.
FILES = {}

FILES["main.go"] = """// Command benchreal is a small gRPC service: health and reflection services, traced with OpenTelemetry
// (exported over OTLP/gRPC when -otlp is set), metrics for Prometheus, and clients for Cloud Storage, Pub/Sub,
// Secret Manager and S3, each made on first use.
package main

import (
\t"context"
\t"flag"
\t"fmt"
\t"log"
\t"net"
\t"net/http"
\t"os"
\t"os/signal"
\t"syscall"
\t"time"

\t"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
\t"go.opentelemetry.io/otel"
\t"go.opentelemetry.io/otel/attribute"
\t"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
\t"go.opentelemetry.io/otel/propagation"
\t"go.opentelemetry.io/otel/sdk/resource"
\tsdktrace "go.opentelemetry.io/otel/sdk/trace"
\t"google.golang.org/grpc"
\t"google.golang.org/grpc/health"
\thealthpb "google.golang.org/grpc/health/grpc_health_v1"
\t"google.golang.org/grpc/reflection"
\t"google.golang.org/protobuf/encoding/protojson"
\t"google.golang.org/protobuf/types/known/structpb"
)

func tracerProvider(ctx context.Context, res *resource.Resource, endpoint string) (*sdktrace.TracerProvider, error) {
\topts := []sdktrace.TracerProviderOption{sdktrace.WithResource(res),
\t\tsdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(0.1)))}
\tif endpoint != "" {
\t\texp, err := otlptracegrpc.New(ctx, otlptracegrpc.WithEndpoint(endpoint), otlptracegrpc.WithInsecure())
\t\tif err != nil {
\t\t\treturn nil, err
\t\t}
\t\topts = append(opts, sdktrace.WithBatcher(exp))
\t}
\treturn sdktrace.NewTracerProvider(opts...), nil
}

// status is the service's state as JSON, through protobuf's Struct.
func status(started time.Time, listen string) (string, error) {
\ts, err := structpb.NewStruct(map[string]any{
\t\t"listen": listen, "uptimeSeconds": time.Since(started).Seconds(), "pid": os.Getpid()})
\tif err != nil {
\t\treturn "", err
\t}
\tb, err := protojson.Marshal(s)
\treturn string(b), err
}

func main() {
\tlisten := flag.String("listen", "127.0.0.1:50051", "gRPC listen address")
\tmetricsAddr := flag.String("metrics", "127.0.0.1:9464", "Prometheus /metrics listen address")
\tendpoint := flag.String("otlp", "", "OTLP/gRPC collector host:port (no export when empty)")
\tvar cfg cloudConfig
\tflag.StringVar(&cfg.project, "project", "", "Google Cloud project for Pub/Sub")
\tflag.StringVar(&cfg.bucket, "bucket", "", "list this Cloud Storage bucket once at start (none when empty)")
\tflag.StringVar(&cfg.topic, "topic", "", "publish a start event to this Pub/Sub topic (none when empty)")
\tflag.StringVar(&cfg.secret, "secret", "", "read this Secret Manager secret version at start (none when empty)")
\tflag.StringVar(&cfg.s3Bucket, "s3-bucket", "", "list this S3 bucket once at start (none when empty)")
\tflag.StringVar(&cfg.s3Region, "s3-region", "us-east-1", "region of -s3-bucket")
\tflag.Parse()
\tctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
\tdefer stop()

\tres, err := resource.Merge(resource.Default(), resource.NewSchemaless(
\t\tattribute.String("service.name", "benchreal"), attribute.String("service.version", "0.1.0")))
\tif err != nil {
\t\tlog.Fatal(err)
\t}
\ttp, err := tracerProvider(ctx, res, *endpoint)
\tif err != nil {
\t\tlog.Fatal(err)
\t}
\tdefer func() { _ = tp.Shutdown(context.Background()) }()
\totel.SetTracerProvider(tp)
\totel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
\tmetricsHandler, mp, err := meterProvider(res)
\tif err != nil {
\t\tlog.Fatal(err)
\t}
\tdefer func() { _ = mp.Shutdown(context.Background()) }()
\totel.SetMeterProvider(mp)

\tclouds := newClouds(cfg, tp.Tracer("example.com/benchreal"))
\tdefer clouds.close()
\tclouds.start(ctx)

\tsrv := grpc.NewServer(grpc.StatsHandler(otelgrpc.NewServerHandler()))
\thealthSrv := health.NewServer()
\thealthpb.RegisterHealthServer(srv, healthSrv)
\treflection.Register(srv)
\thealthSrv.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)

\tlis, err := net.Listen("tcp", *listen)
\tif err != nil {
\t\tlog.Fatal(err)
\t}
\tmux := http.NewServeMux()
\tmux.Handle("/metrics", metricsHandler)
\tmetricsSrv := &http.Server{Addr: *metricsAddr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
\tgo func() {
\t\tif err := metricsSrv.ListenAndServe(); err != http.ErrServerClosed {
\t\t\tlog.Print(err)
\t\t}
\t}()
\tstarted := time.Now()
\tif s, err := status(started, lis.Addr().String()); err == nil {
\t\tfmt.Println(s)
\t}
\tgo func() {
\t\t<-ctx.Done()
\t\thealthSrv.Shutdown()
\t\tsrv.GracefulStop()
\t\t_ = metricsSrv.Close()
\t}()
\tif err := srv.Serve(lis); err != nil {
\t\tlog.Fatal(err)
\t}
}
"""

FILES["metrics.go"] = """package main

import (
\t"net/http"

\t"github.com/prometheus/client_golang/prometheus"
\t"github.com/prometheus/client_golang/prometheus/promhttp"
\tpromexporter "go.opentelemetry.io/otel/exporters/prometheus"
\tsdkmetric "go.opentelemetry.io/otel/sdk/metric"
\t"go.opentelemetry.io/otel/sdk/resource"
)

// meterProvider exports OpenTelemetry metrics (otelgrpc's among them) to a Prometheus registry of its own.
func meterProvider(res *resource.Resource) (http.Handler, *sdkmetric.MeterProvider, error) {
\treg := prometheus.NewRegistry()
\treg.MustRegister(prometheus.NewGoCollector())
\texp, err := promexporter.New(promexporter.WithRegisterer(reg))
\tif err != nil {
\t\treturn nil, nil, err
\t}
\tmp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exp), sdkmetric.WithResource(res))
\treturn promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), mp, nil
}
"""

FILES["clouds.go"] = """package main

import (
\t"context"
\t"errors"
\t"log"
\t"sync"

\t"cloud.google.com/go/pubsub/v2"
\tsecretmanager "cloud.google.com/go/secretmanager/apiv1"
\t"cloud.google.com/go/secretmanager/apiv1/secretmanagerpb"
\t"cloud.google.com/go/storage"
\t"github.com/aws/aws-sdk-go/aws"
\t"github.com/aws/aws-sdk-go/aws/credentials"
\t"github.com/aws/aws-sdk-go/aws/session"
\t"github.com/aws/aws-sdk-go/service/s3"
\t"go.opentelemetry.io/otel/attribute"
\t"go.opentelemetry.io/otel/trace"
\t"google.golang.org/api/iterator"
\t"google.golang.org/api/option"
)

type cloudConfig struct {
\tproject, bucket, topic, secret, s3Bucket, s3Region string
}

// clouds holds the service's cloud clients, each made on first use without credentials, so that start-up needs
// no account.
type clouds struct {
\tcfg    cloudConfig
\ttracer trace.Tracer

\tstorage func() (*storage.Client, error)
\tpubsub  func() (*pubsub.Client, error)
\tsecrets func() (*secretmanager.Client, error)
\ts3      func() (*s3.S3, error)
}

func newClouds(cfg cloudConfig, tracer trace.Tracer) *clouds {
\tctx := context.Background()
\tnoAuth := option.WithoutAuthentication()
\treturn &clouds{cfg: cfg, tracer: tracer,
\t\tstorage: sync.OnceValues(func() (*storage.Client, error) { return storage.NewClient(ctx, noAuth) }),
\t\tpubsub: sync.OnceValues(func() (*pubsub.Client, error) {
\t\t\treturn pubsub.NewClient(ctx, cfg.project, noAuth)
\t\t}),
\t\tsecrets: sync.OnceValues(func() (*secretmanager.Client, error) { return secretmanager.NewClient(ctx, noAuth) }),
\t\ts3: sync.OnceValues(func() (*s3.S3, error) {
\t\t\tsess, err := session.NewSession(&aws.Config{Region: aws.String(cfg.s3Region),
\t\t\t\tCredentials: credentials.AnonymousCredentials})
\t\t\tif err != nil {
\t\t\t\treturn nil, err
\t\t\t}
\t\t\treturn s3.New(sess), nil
\t\t}),
\t}
}

// start does what the flags ask once, each inside a span, and logs what happened.
func (c *clouds) start(ctx context.Context) {
\tif c.cfg.bucket != "" {
\t\tnames, err := c.listBucket(ctx, c.cfg.bucket, 10)
\t\tlog.Printf("gs://%s: %d objects (%v)", c.cfg.bucket, len(names), err)
\t}
\tif c.cfg.topic != "" {
\t\tid, err := c.publish(ctx, c.cfg.topic, []byte("benchreal started"))
\t\tlog.Printf("published %q to %s (%v)", id, c.cfg.topic, err)
\t}
\tif c.cfg.secret != "" {
\t\tvalue, err := c.secret(ctx, c.cfg.secret)
\t\tlog.Printf("secret %s: %d bytes (%v)", c.cfg.secret, len(value), err)
\t}
\tif c.cfg.s3Bucket != "" {
\t\tkeys, err := c.listS3(ctx, c.cfg.s3Bucket, 10)
\t\tlog.Printf("s3://%s: %d objects (%v)", c.cfg.s3Bucket, len(keys), err)
\t}
}

func (c *clouds) span(ctx context.Context, name string, attrs ...attribute.KeyValue) (context.Context, trace.Span) {
\treturn c.tracer.Start(ctx, name, trace.WithAttributes(attrs...))
}

func (c *clouds) listBucket(ctx context.Context, bucket string, limit int) ([]string, error) {
\tctx, span := c.span(ctx, "storage.list", attribute.String("bucket", bucket))
\tdefer span.End()
\tclient, err := c.storage()
\tif err != nil {
\t\treturn nil, err
\t}
\tvar names []string
\tit := client.Bucket(bucket).Objects(ctx, &storage.Query{})
\tfor len(names) < limit {
\t\tattrs, err := it.Next()
\t\tif errors.Is(err, iterator.Done) {
\t\t\tbreak
\t\t}
\t\tif err != nil {
\t\t\tspan.RecordError(err)
\t\t\treturn names, err
\t\t}
\t\tnames = append(names, attrs.Name)
\t}
\treturn names, nil
}

func (c *clouds) publish(ctx context.Context, topic string, data []byte) (string, error) {
\tctx, span := c.span(ctx, "pubsub.publish", attribute.String("topic", topic))
\tdefer span.End()
\tclient, err := c.pubsub()
\tif err != nil {
\t\treturn "", err
\t}
\tpublisher := client.Publisher(topic)
\tdefer publisher.Stop()
\treturn publisher.Publish(ctx, &pubsub.Message{Data: data}).Get(ctx)
}

func (c *clouds) secret(ctx context.Context, name string) ([]byte, error) {
\tctx, span := c.span(ctx, "secretmanager.access", attribute.String("secret", name))
\tdefer span.End()
\tclient, err := c.secrets()
\tif err != nil {
\t\treturn nil, err
\t}
\tresp, err := client.AccessSecretVersion(ctx, &secretmanagerpb.AccessSecretVersionRequest{Name: name})
\tif err != nil {
\t\treturn nil, err
\t}
\treturn resp.GetPayload().GetData(), nil
}

func (c *clouds) listS3(ctx context.Context, bucket string, limit int64) ([]string, error) {
\tctx, span := c.span(ctx, "s3.list", attribute.String("bucket", bucket))
\tdefer span.End()
\tclient, err := c.s3()
\tif err != nil {
\t\treturn nil, err
\t}
\tout, err := client.ListObjectsV2WithContext(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket),
\t\tMaxKeys: aws.Int64(limit)})
\tif err != nil {
\t\treturn nil, err
\t}
\tkeys := make([]string, 0, len(out.Contents))
\tfor _, o := range out.Contents {
\t\tkeys = append(keys, aws.StringValue(o.Key))
\t}
\treturn keys, nil
}

// close closes the clients that were made.
func (c *clouds) close() {
\tif c.cfg.bucket != "" {
\t\tif client, err := c.storage(); err == nil {
\t\t\t_ = client.Close()
\t\t}
\t}
\tif c.cfg.topic != "" {
\t\tif client, err := c.pubsub(); err == nil {
\t\t\t_ = client.Close()
\t\t}
\t}
\tif c.cfg.secret != "" {
\t\tif client, err := c.secrets(); err == nil {
\t\t\t_ = client.Close()
\t\t}
\t}
}
"""


def write(root: Path):
    """Writes go.mod (the pinned roots only) and cmd/benchreal under root."""
    (root / "cmd" / "benchreal").mkdir(parents=True, exist_ok=True)
    requires = "".join(f"\t{mod} {version}\n" for mod, version in sorted(PINS.items()))
    (root / "go.mod").write_text(f"module {MODULE}\n\ngo 1.24\n\nrequire (\n{requires})\n")
    for name, text in FILES.items():
        (root / "cmd" / "benchreal" / name).write_text(text)


def inputs_key(root: Path):
    """What the mirror depends on: the generated go.mod and Go files, and the go version that resolved them."""
    h = hashlib.sha256()
    h.update((root / "go.mod").read_bytes())
    for name in sorted(FILES):
        h.update((root / "cmd" / "benchreal" / name).read_bytes())
    h.update(subprocess.run(["go", "env", "GOVERSION"], capture_output=True, text=True, check=True).stdout.encode())
    return h.hexdigest()[:16]


def download_files(modcache: Path):
    """(count, bytes) of each kind of file go downloaded into modcache/cache/download: {".zip": ..., ".mod": ...}."""
    totals = {}
    root = modcache / "cache" / "download"
    for path in root.rglob("*") if root.is_dir() else []:
        if path.suffix in (".zip", ".mod") and path.is_file():
            n, b = totals.get(path.suffix, (0, 0))
            totals[path.suffix] = (n + 1, b + path.stat().st_size)
    return totals


def go_sum_counts(go_sum: Path):
    """(module versions go.sum lists, how many of them with a zip line, not only a /go.mod line)."""
    versions, zips = set(), set()
    for line in go_sum.read_text().splitlines():
        fields = line.split()
        if len(fields) == 3:
            version = fields[1].removesuffix("/go.mod")
            versions.add((fields[0], version))
            if version == fields[1]:
                zips.add((fields[0], version))
    return len(versions), len(zips)


class Mirror:
    """A seed GOMODCACHE holding everything `go mod tidy`, `go mod download` and loading the build's packages
    (`go list -deps`) read, kept under base across bench runs (one per inputs key), with the go.mod and go.sum
    tidy wrote; only its cache/download tree, which .proxy names as a file:// GOPROXY."""

    def __init__(self, base: Path, logs: Path, env, rmtree):
        self.base, self.logs, self.env, self.rmtree = base, logs, env, rmtree
        self.dir = None

    @property
    def proxy(self):
        return (self.dir / "modcache" / "cache" / "download").as_uri()

    def prepare(self, module: Path):
        """Fills module's go.mod and go.sum from the mirror, making the mirror first if there is none for these
        inputs. Returns True if it was made now (through the user's GOPROXY)."""
        self.dir = self.base / inputs_key(module)
        made = not (self.dir / "complete").is_file()
        if made:
            self.rmtree(self.dir)
            modcache = self.dir / "modcache"
            modcache.mkdir(parents=True)
            env = self.env(modcache)  # GOPROXY, GOSUMDB, GOPRIVATE... as the user has them
            proc.timed(["go", "mod", "tidy"], self.logs / "h-go-mod-tidy.log", cwd=module, env=env)
            proc.timed(["go", "list", "-deps", MAIN_PKG], self.logs / "h-mirror-list.log", cwd=module, env=env)
            for name in ("go.mod", "go.sum"):
                shutil.copyfile(module / name, self.dir / name)
            self._trim(modcache)
            (self.dir / "complete").write_text("")
        else:
            for name in ("go.mod", "go.sum"):
                shutil.copyfile(self.dir / name, module / name)
        if not (self.dir / "downloaded").is_file():
            # A Dockerfile's `go mod download` (the download, build, push baseline) reads more than tidy and the
            # build do: the .info of every module in the build list. Mirrors made before this step get it here.
            modcache = self.dir / "modcache"
            proc.timed(["go", "mod", "download"], self.logs / "h-mirror-download.log", cwd=module,
                       env=self.env(modcache))
            self._trim(modcache)
            (self.dir / "downloaded").write_text("")
            made = True
        return made

    def _trim(self, modcache: Path):
        for path in modcache.iterdir():  # the GOPROXY is cache/download; go's extracted trees are not needed
            if path.name != "cache":
                self.rmtree(path)
