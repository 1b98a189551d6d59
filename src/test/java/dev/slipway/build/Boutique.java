package dev.slipway.build;

import dev.slipway.testing.GoModules;
import dev.slipway.testing.PublicModules;
import java.nio.file.Path;
import java.util.List;

/**
 * A repository shaped like a microservice demo's: two Go modules under {@code src/}, each with its
 * own go.mod, go.sum and multi-stage Dockerfile as such repositories write them, and a
 * skaffold.yaml naming both contexts. The product catalog is a gRPC server that reports itself
 * healthy only once it has loaded {@code products.json} from its working directory; the frontend
 * parses {@code templates/*.html} at startup and shows on {@code /} what the catalog's health
 * service answers. Both depend on the real {@code google.golang.org/grpc}, so go.sum comes from the
 * real go.
 */
final class Boutique {
  private Boutique() {}

  /** The module directories, relative to the repository. */
  static final List<String> MODULES = List.of("src/productcatalog", "src/frontend");

  private static final String GO_MOD =
      """
      module example.com/boutique/%s

      go 1.26.0

      require google.golang.org/grpc v1.85.0
      """;

  private static final String CATALOG_SERVER =
      """
      // Command productcatalog serves the shop's product catalog over gRPC.
      package main

      import (
      \t"log"
      \t"net"
      \t"os"

      \t"google.golang.org/grpc"
      \t"google.golang.org/grpc/health"
      \thealthpb "google.golang.org/grpc/health/grpc_health_v1"
      )

      func main() {
      \taddr := net.JoinHostPort(os.Getenv("LISTEN_ADDR"), os.Getenv("PORT"))
      \tlis, err := net.Listen("tcp", addr)
      \tif err != nil {
      \t\tlog.Fatalf("failed to listen: %v", err)
      \t}
      \tsrv := grpc.NewServer()
      \ths := health.NewServer()
      \t// Not serving until the catalog is loaded: a frontend that asks early is told so.
      \ths.SetServingStatus("", healthpb.HealthCheckResponse_NOT_SERVING)
      \thealthpb.RegisterHealthServer(srv, hs)

      \tgo func() {
      \t\tcatalog, err := loadCatalog("products.json")
      \t\tif err != nil {
      \t\t\tlog.Fatalf("could not load the product catalog: %v", err)
      \t\t}
      \t\tlog.Printf("loaded %d products", len(catalog))
      \t\ths.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
      \t}()

      \tlog.Printf("productcatalog listening on %s", lis.Addr())
      \tif err := srv.Serve(lis); err != nil {
      \t\tlog.Fatal(err)
      \t}
      }

      """;

  private static final String CATALOG_LOADER =
      """
      package main

      import (
      \t"encoding/json"
      \t"fmt"
      \t"os"
      )

      type product struct {
      \tID         string   `json:"id"`
      \tName       string   `json:"name"`
      \tPriceUSD   float64  `json:"priceUsd"`
      \tCategories []string `json:"categories"`
      }

      // loadCatalog reads the catalog from a file beside the binary's working directory.
      func loadCatalog(path string) ([]product, error) {
      \tdata, err := os.ReadFile(path)
      \tif err != nil {
      \t\treturn nil, err
      \t}
      \tvar catalog struct {
      \t\tProducts []product `json:"products"`
      \t}
      \tif err := json.Unmarshal(data, &catalog); err != nil {
      \t\treturn nil, fmt.Errorf("parsing %s: %w", path, err)
      \t}
      \tif len(catalog.Products) == 0 {
      \t\treturn nil, fmt.Errorf("%s lists no products", path)
      \t}
      \treturn catalog.Products, nil
      }

      """;

  private static final String PRODUCTS =
      """
      {
        "products": [
          {"id": "OLJCESPC7Z", "name": "Sunglasses", "priceUsd": 19.99, "categories": ["accessories"]},
          {"id": "66VCHSJNUP", "name": "Tank Top", "priceUsd": 18.99, "categories": ["clothing"]},
          {"id": "1YMWWN1N4O", "name": "Watch", "priceUsd": 109.99, "categories": ["accessories"]}
        ]
      }
      """;

  /** Ports: the catalog's twice (ENV, EXPOSE). */
  private static final String CATALOG_DOCKERFILE =
      """
      # syntax=docker/dockerfile:1
      FROM golang:1.26 AS builder
      WORKDIR /src
      COPY go.mod go.sum ./
      RUN --mount=type=cache,target=/go/pkg/mod go mod download
      COPY . .
      RUN --mount=type=cache,target=/go/pkg/mod \\
          --mount=type=cache,target=/root/.cache/go-build \\
          CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /productcatalog .

      FROM gcr.io/distroless/static:nonroot
      WORKDIR /app
      COPY --from=builder /productcatalog ./server
      COPY products.json .
      ENV LISTEN_ADDR=127.0.0.1
      ENV PORT %d
      EXPOSE %d
      USER nonroot:nonroot
      ENTRYPOINT ["/app/server"]
      """;

  private static final String FRONTEND_MAIN =
      """
      // Command frontend serves the shop's web pages.
      package main

      import (
      \t"html/template"
      \t"log"
      \t"net"
      \t"net/http"
      \t"os"

      \t"example.com/boutique/frontend/internal/catalog"
      )

      type frontend struct {
      \ttemplates *template.Template
      \tcatalog   *catalog.Client
      }

      func main() {
      \t// Parsed once at startup, relative to the working directory, where the image puts them.
      \ttemplates := template.Must(template.ParseGlob("templates/*.html"))
      \tclient, err := catalog.Dial(mustEnv("PRODUCT_CATALOG_SERVICE_ADDR"))
      \tif err != nil {
      \t\tlog.Fatalf("could not set up the product catalog client: %v", err)
      \t}
      \tdefer client.Close()
      \tfe := &frontend{templates: templates, catalog: client}

      \tmux := http.NewServeMux()
      \tmux.HandleFunc("/", fe.home)
      \tmux.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("static"))))
      \tmux.HandleFunc("/_healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) })
      \taddr := net.JoinHostPort(os.Getenv("LISTEN_ADDR"), mustEnv("PORT"))
      \tlog.Printf("frontend listening on %s", addr)
      \tlog.Fatal(http.ListenAndServe(addr, mux))
      }

      func (fe *frontend) home(w http.ResponseWriter, r *http.Request) {
      \tstatus, err := fe.catalog.Status(r.Context())
      \tif err != nil {
      \t\tlog.Printf("product catalog health check: %v", err)
      \t\tstatus = "UNREACHABLE"
      \t}
      \tdata := map[string]string{"CatalogStatus": status}
      \tif err := fe.templates.ExecuteTemplate(w, "home.html", data); err != nil {
      \t\tlog.Printf("rendering home: %v", err)
      \t}
      }

      func mustEnv(name string) string {
      \tv := os.Getenv(name)
      \tif v == "" {
      \t\tlog.Fatalf("%s is not set", name)
      \t}
      \treturn v
      }

      """;

  private static final String CATALOG_CLIENT =
      """
      // Package catalog asks the product catalog service how it is.
      package catalog

      import (
      \t"context"
      \t"time"

      \t"google.golang.org/grpc"
      \t"google.golang.org/grpc/credentials/insecure"
      \thealthpb "google.golang.org/grpc/health/grpc_health_v1"
      )

      // Client talks to the product catalog over gRPC.
      type Client struct {
      \tconn   *grpc.ClientConn
      \thealth healthpb.HealthClient
      }

      // Dial sets up a client for addr; the connection itself is made on first use.
      func Dial(addr string) (*Client, error) {
      \tconn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
      \tif err != nil {
      \t\treturn nil, err
      \t}
      \treturn &Client{conn: conn, health: healthpb.NewHealthClient(conn)}, nil
      }

      // Status is the catalog's health status, such as SERVING, or the error that kept it from answering.
      func (c *Client) Status(ctx context.Context) (string, error) {
      \tctx, cancel := context.WithTimeout(ctx, 2*time.Second)
      \tdefer cancel()
      \tresp, err := c.health.Check(ctx, &healthpb.HealthCheckRequest{})
      \tif err != nil {
      \t\treturn "", err
      \t}
      \treturn resp.GetStatus().String(), nil
      }

      // Close closes the connection.
      func (c *Client) Close() error {
      \treturn c.conn.Close()
      }

      """;

  private static final String HOME =
      """
      {{template "header"}}
      <main>
        <h1>Online Boutique</h1>
        <p>Free shipping on orders over $75.</p>
        <p id="catalog">product catalog: {{.CatalogStatus}}</p>
      </main>
      {{template "footer"}}
      """;

  private static final String LAYOUT =
      """
      {{define "header"}}<!DOCTYPE html>
      <html>
      <head><title>Online Boutique</title><link rel="stylesheet" href="/static/styles.css"></head>
      <body>{{end}}
      {{define "footer"}}<footer>This website is hosted for demo purposes only.</footer>
      </body>
      </html>{{end}}
      """;

  /**
   * Built as {@code docker init} builds, the context bind-mounted, every command of the module at
   * once; run as a user of its own on scratch, the builder's passwd copied over. Ports: the
   * frontend's, the catalog's, the frontend's again (ENV, ENV, EXPOSE).
   */
  private static final String FRONTEND_DOCKERFILE =
      """
      # syntax=docker/dockerfile:1
      ARG GO_VERSION=1.26
      FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS builder
      RUN adduser -D -H -u 10001 frontend
      WORKDIR /src
      RUN --mount=type=cache,target=/go/pkg/mod \\
          --mount=type=bind,source=go.mod,target=go.mod \\
          --mount=type=bind,source=go.sum,target=go.sum \\
          go mod download
      ARG TARGETOS
      ARG TARGETARCH
      ARG SKAFFOLD_GO_GCFLAGS
      RUN --mount=type=cache,target=/go/pkg/mod \\
          --mount=type=bind,target=. \\
          CGO_ENABLED=0 GOOS=${TARGETOS} GOARCH=${TARGETARCH} \\
          go build -gcflags="${SKAFFOLD_GO_GCFLAGS}" -o /out/ ./...

      FROM scratch AS release
      COPY --from=builder /etc/passwd /etc/passwd
      WORKDIR /src
      COPY --from=builder /out/frontend /src/server
      COPY ./templates ./templates
      COPY ./static ./static
      ENV LISTEN_ADDR=127.0.0.1 \\
          PORT=%d \\
          PRODUCT_CATALOG_SERVICE_ADDR="127.0.0.1:%d"
      EXPOSE %d
      USER frontend
      ENTRYPOINT ["/src/server"]
      """;

  private static final String SKAFFOLD =
      """
      apiVersion: skaffold/v4beta6
      kind: Config
      metadata:
        name: boutique
      build:
        artifacts:
          - image: productcatalog
            context: src/productcatalog
          - image: frontend
            context: src/frontend
      """;

  /** Writes the repository at {@code repo}, the services listening on the ports given. */
  static Path write(Path repo, int catalogPort, int frontendPort) {
    Path catalog = repo.resolve("src/productcatalog");
    GoModules.write(catalog.resolve("go.mod"), GO_MOD.formatted("productcatalog"));
    GoModules.write(catalog.resolve("server.go"), CATALOG_SERVER);
    GoModules.write(catalog.resolve("catalog.go"), CATALOG_LOADER);
    GoModules.write(catalog.resolve("products.json"), PRODUCTS);
    GoModules.write(
        catalog.resolve("Dockerfile"), CATALOG_DOCKERFILE.formatted(catalogPort, catalogPort));
    GoModules.write(catalog.resolve(".dockerignore"), "Dockerfile\n.dockerignore\n");

    Path frontend = repo.resolve("src/frontend");
    GoModules.write(frontend.resolve("go.mod"), GO_MOD.formatted("frontend"));
    GoModules.write(frontend.resolve("cmd/frontend/main.go"), FRONTEND_MAIN);
    GoModules.write(frontend.resolve("internal/catalog/catalog.go"), CATALOG_CLIENT);
    GoModules.write(frontend.resolve("templates/home.html"), HOME);
    GoModules.write(frontend.resolve("templates/layout.html"), LAYOUT);
    GoModules.write(frontend.resolve("static/styles.css"), "footer { color: #6c757d }\n");
    GoModules.write(
        frontend.resolve("Dockerfile"),
        FRONTEND_DOCKERFILE.formatted(frontendPort, catalogPort, frontendPort));
    GoModules.write(frontend.resolve(".dockerignore"), "Dockerfile\n.dockerignore\n");

    GoModules.write(repo.resolve("skaffold.yaml"), SKAFFOLD);
    return repo;
  }

  /**
   * Completes each module's go.mod and writes its go.sum with the real go, through {@code goproxy}.
   */
  static void tidy(Path repo, String goproxy, Path work) {
    for (String module : MODULES) {
      PublicModules.tidy(repo.resolve(module), goproxy, work);
    }
  }
}
