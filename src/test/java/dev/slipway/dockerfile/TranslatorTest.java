package dev.slipway.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.dockerfile.Note.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dockerfiles shaped like real Go services, translated whole. */
class TranslatorTest {
  @TempDir Path root;

  private static String head(String message) {
    return message.substring(0, Math.min(24, message.length()));
  }

  private Translation translate(String dockerfile, String context) throws Exception {
    return Translator.translate(
        root, new DockerfileSource(dockerfile, context), InitOptions.DEFAULTS);
  }

  /** Like microservices-demo's productcatalogservice: it reads products.json from its workdir. */
  @Test
  void aServiceReadingADataFileFromItsWorkdirGetsThatFileAndKeepsItsAlpineBase() throws Exception {
    new Fixture(root)
        .module(
            "src/productcatalogservice",
            "github.com/GoogleCloudPlatform/microservices-demo/src/productcatalogservice",
            ".")
        .file("src/productcatalogservice/products.json", "{}")
        .file(
            "src/productcatalogservice/Dockerfile",
            """
            FROM golang:1.22-alpine AS builder
            RUN apk add --no-cache ca-certificates git
            RUN apk add build-base

            WORKDIR /src
            # restore dependencies
            COPY go.mod go.sum ./
            RUN go mod download
            COPY . .

            # Skaffold passes in debug-oriented compiler flags
            ARG SKAFFOLD_GO_GCFLAGS
            RUN go build -gcflags="${SKAFFOLD_GO_GCFLAGS}" -o /productcatalogservice .

            FROM alpine AS release
            RUN apk add --no-cache ca-certificates
            WORKDIR /src
            COPY --from=builder /productcatalogservice ./server
            COPY products.json .

            ARG PORT
            ENV PORT=${PORT}
            ENV GOTRACEBACK=single

            EXPOSE 3550
            ENTRYPOINT ["/src/server"]
            """);

    Translation t = translate("src/productcatalogservice/Dockerfile", "src/productcatalogservice");

    assertThat(t.stage()).isEqualTo("release");
    assertThat(t.target())
        .isEqualTo(
            new TargetPlan(
                "productcatalogservice",
                "./src/productcatalogservice",
                "alpine",
                List.of(),
                BuildSettings.NONE,
                List.of(
                    new FileCopy(
                        "src/productcatalogservice/products.json", "/src/products.json", null)),
                "/src",
                Map.of("PORT", "", "GOTRACEBACK", "single"),
                List.of(),
                List.of(),
                null,
                List.of("3550"),
                Map.of()));
    assertThat(t.notes())
        .extracting(Note::line, Note::kind)
        .containsExactly(
            tuple(0, Kind.ADVICE),
            tuple(3, Kind.NOT_TRANSLATED),
            tuple(13, Kind.TRANSLATED),
            tuple(13, Kind.ADVICE),
            tuple(13, Kind.ADVICE),
            tuple(15, Kind.ADVICE),
            tuple(15, Kind.TRANSLATED),
            tuple(16, Kind.NOT_TRANSLATED),
            tuple(22, Kind.TRANSLATED),
            tuple(26, Kind.TRANSLATED));
    assertThat(t.notes().get(1).message()).startsWith("installs a C toolchain");
    assertThat(t.notes().get(2).message()).contains("$SKAFFOLD_GO_GCFLAGS");
    assertThat(t.notes().get(3).message()).startsWith("CGO_ENABLED is not set");
    assertThat(t.notes().get(4).message()).startsWith("go build has no -trimpath");
    assertThat(t.notes().get(5).message()).startsWith("FROM alpine names no version");
    assertThat(t.notes().get(6).message()).contains("ran as root");
    assertThat(t.notes().get(7).message())
        .isEqualTo(
            "RUN installs ca-certificates, which Slipway's static base has: without base:, the"
                + " image gets them: Slipway does not run commands in the image");
    assertThat(t.notes().get(8).message()).startsWith("ENV PORT refers to $PORT");
    assertThat(t.notes().get(9).toString())
        .isEqualTo(
            "src/productcatalogservice/Dockerfile:26: ENTRYPOINT runs the binary at /src/server;"
                + " Slipway's image runs it as /app/productcatalogservice, its default entrypoint");
  }

  /** Like microservices-demo's frontend: templates and static files next to the binary. */
  @Test
  void aServiceWithTemplatesAndStaticFilesGetsThemFromTheContextAndFromTheBuildStage()
      throws Exception {
    new Fixture(root)
        .module(
            "src/frontend", "github.com/GoogleCloudPlatform/microservices-demo/src/frontend", ".")
        .file("src/frontend/templates/home.html", "<html/>")
        .file("src/frontend/static/styles.css", "body{}")
        .file("src/frontend/.dockerignore", ".git\n")
        .file(
            "src/frontend/Dockerfile",
            """
            FROM golang:1.22-alpine as builder

            ENV PROJECT=github.com/GoogleCloudPlatform/microservices-demo/src/frontend
            WORKDIR /go/src/$PROJECT

            COPY . .
            RUN CGO_ENABLED=0 go install -trimpath \\
                -ldflags="-s -w -X 'main.version=${VERSION:-dev}'" -tags netgo,osusergo .

            FROM gcr.io/distroless/static-debian12:nonroot as release
            WORKDIR /frontend
            COPY --from=builder /go/bin/frontend /frontend/server
            COPY ./templates ./templates
            COPY --from=builder /go/src/github.com/GoogleCloudPlatform/microservices-demo/src/frontend/static ./static
            EXPOSE 8080
            ENV PORT=8080
            ENTRYPOINT ["/frontend/server"]
            CMD ["--port", "8080"]
            """);

    Translation t = translate("src/frontend/Dockerfile", "src/frontend");

    assertThat(t.target())
        .isEqualTo(
            new TargetPlan(
                "frontend",
                "./src/frontend",
                null,
                List.of(),
                new BuildSettings(
                    Map.of("CGO_ENABLED", "0"),
                    List.of("-trimpath"),
                    List.of("-s", "-w", "-X", "main.version=dev"),
                    List.of("netgo", "osusergo")),
                List.of(
                    new FileCopy("src/frontend/templates", "/frontend/templates", null),
                    new FileCopy("src/frontend/static", "/frontend/static", null)),
                "/frontend",
                Map.of("PORT", "8080"),
                List.of(),
                List.of("--port", "8080"),
                null,
                List.of("8080"),
                Map.of()));
    assertThat(t.notes())
        .extracting(Note::line, Note::kind)
        .containsExactly(tuple(6, Kind.ADVICE), tuple(17, Kind.TRANSLATED));
    assertThat(t.notes().get(0).message())
        .startsWith("COPY . comes before the go build with no go mod download before it");
  }

  /** What .dockerignore keeps out of the context stays out of the image. */
  @Test
  void whatDockerignoreLeavesOutIsExcludedAndAnIgnoredFileIsANote() throws Exception {
    new Fixture(root)
        .module("svc", "example.com/svc", ".")
        .file("svc/templates/home.html", "<html/>")
        .file("svc/templates/home.html.bak", "old")
        .file("svc/static/site.css", "body{}")
        .file("svc/secrets.env", "TOKEN=x")
        .file("svc/.dockerignore", "# build inputs only\n**/*.bak\nsecrets.env\n/.git\n")
        .file(
            "svc/Dockerfile",
            """
            FROM golang:1.24 AS builder
            WORKDIR /src
            COPY . .
            RUN CGO_ENABLED=0 go build -o /out/svc .

            FROM gcr.io/distroless/static
            WORKDIR /srv
            COPY --from=builder /out/svc /srv/svc
            COPY templates ./templates
            COPY --from=builder /src/static ./static
            COPY secrets.env .
            ENTRYPOINT ["/srv/svc"]
            """);

    Translation t = translate("svc/Dockerfile", "svc");

    assertThat(t.target().files())
        .containsExactly(
            new FileCopy(
                "svc/templates",
                "/srv/templates",
                null,
                List.of("svc/**/*.bak", "svc/secrets.env", "svc/.git")),
            new FileCopy("svc/static", "/srv/static", null));
    assertThat(t.notes())
        .anySatisfy(
            n -> {
              assertThat(n.line()).isEqualTo(11);
              assertThat(n.message())
                  .isEqualTo(
                      "secrets.env is left out of the build context by .dockerignore: left out");
            });
  }

  @Test
  void goInstallOnBuildPlatformWithANonrootUserOnDistrolessKeepsTheUserAndTheDefaultEntrypoint()
      throws Exception {
    new Fixture(root)
        .module("services/billing", "example.com/billing", "cmd/app")
        .file("services/billing/Dockerfile.dockerignore", "*.md\n")
        .file(
            "services/billing/Dockerfile",
            """
            # syntax=docker/dockerfile:1
            ARG GO_VERSION=1.22
            FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS builder
            ARG TARGETOS TARGETARCH
            WORKDIR /src
            COPY go.mod go.sum ./
            RUN --mount=type=cache,target=/go/pkg/mod go mod download
            COPY . .
            RUN --mount=type=cache,target=/root/.cache/go-build \\
                CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \\
                go install -trimpath -ldflags "-s -w" ./cmd/app

            FROM gcr.io/distroless/static-debian12
            COPY --from=builder /go/bin/app /app
            USER nonroot:nonroot
            ENTRYPOINT ["/app"]
            """);

    Translation t = translate("services/billing/Dockerfile", "services/billing");

    assertThat(t.target())
        .isEqualTo(
            new TargetPlan(
                "billing",
                "./services/billing/cmd/app",
                null,
                List.of(),
                new BuildSettings(
                    Map.of("CGO_ENABLED", "0"),
                    List.of("-trimpath"),
                    List.of("-s", "-w"),
                    List.of()),
                List.of(),
                null,
                Map.of(),
                List.of(),
                List.of(),
                "nonroot:nonroot",
                List.of(),
                Map.of()));
    assertThat(t.notes())
        .extracting(Note::line, Note::kind)
        .containsExactly(tuple(13, Kind.ADVICE), tuple(16, Kind.TRANSLATED));
    assertThat(t.notes().get(0).message())
        .startsWith("FROM gcr.io/distroless/static-debian12 names no version");
    assertThat(t.notes().get(1).message())
        .isEqualTo(
            "ENTRYPOINT runs the binary at /app; Slipway's image runs it as /app/billing, its"
                + " default entrypoint");
  }

  @Test
  void anAlpineImageThatInstallsPackagesKeepsItsBaseWithANoteAndCmdBecomesArgs() throws Exception {
    new Fixture(root)
        .module("hello", "example.com/hello", ".")
        .file(
            "hello/Dockerfile",
            """
            FROM golang:1.22 AS build
            WORKDIR /src
            COPY . .
            RUN CGO_ENABLED=0 go build -trimpath -o /bin/hello .
            FROM alpine:3.20
            RUN apk add --no-cache ca-certificates tzdata curl
            COPY --from=0 /bin/hello /usr/local/bin/hello
            USER 1000
            CMD ["hello", "--verbose"]
            """);

    Translation t = translate("hello/Dockerfile", "hello");

    assertThat(t.target())
        .isEqualTo(
            new TargetPlan(
                "hello",
                "./hello",
                "alpine:3.20",
                List.of(),
                new BuildSettings(
                    Map.of("CGO_ENABLED", "0"), List.of("-trimpath"), List.of(), List.of()),
                List.of(),
                null,
                Map.of(),
                List.of(),
                List.of("--verbose"),
                "1000",
                List.of(),
                Map.of()));
    assertThat(t.notes())
        .extracting(Note::line, Note::kind)
        .containsExactly(
            tuple(0, Kind.ADVICE),
            tuple(3, Kind.ADVICE),
            tuple(6, Kind.NOT_TRANSLATED),
            tuple(9, Kind.TRANSLATED));
    assertThat(t.notes().get(2).message())
        .isEqualTo(
            "RUN installs packages (ca-certificates tzdata curl), which the base image must provide"
                + " instead: Slipway does not run commands in the image");
    assertThat(t.notes().get(3).message())
        .startsWith("CMD runs the binary at /usr/local/bin/hello");
  }

  @Test
  void aContextSubdirectoryCopiedToTheWorkdirIsTheMainPackage() throws Exception {
    new Fixture(root)
        .module("src/frontend", "example.com/frontend", ".")
        .file(".dockerignore", "")
        .file(
            "Dockerfile",
            """
            FROM golang:1.22-alpine AS build
            COPY src/frontend/ /app/
            WORKDIR /app
            RUN CGO_ENABLED=0 go build -trimpath -o /frontend .
            FROM gcr.io/distroless/static-debian12:nonroot
            COPY --from=build /frontend /frontend
            ENTRYPOINT ["/frontend"]
            """);

    Translation t = translate("Dockerfile", ".");

    assertThat(t.target().name()).isEqualTo("frontend");
    assertThat(t.target().main()).isEqualTo("./src/frontend");
    assertThat(t.target().entrypoint()).isEmpty();
  }

  @Test
  void aBinaryInstalledToGobinOnScratchWithCertificatesAndGeneratedFiles() throws Exception {
    new Fixture(root)
        .module(".", "example.com/gw", "cmd/gateway")
        .file(
            "Dockerfile",
            """
            FROM golang:1.22 AS build
            ENV GOBIN=/out CGO_ENABLED=0
            WORKDIR /src
            COPY go.mod go.sum ./
            RUN go mod download
            COPY . .
            RUN go install -trimpath ./cmd/gateway && mkdir -p /out/assets && date > /out/assets/at
            FROM scratch
            COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
            COPY --from=build /out/gateway /usr/local/bin/
            COPY --from=build /out/assets /assets
            CMD gateway --addr :8080
            """);

    Translation t = translate("Dockerfile", ".");

    assertThat(t.target())
        .isEqualTo(
            new TargetPlan(
                "gateway",
                "./cmd/gateway",
                null,
                List.of(),
                new BuildSettings(
                    Map.of("CGO_ENABLED", "0"), List.of("-trimpath"), List.of(), List.of()),
                List.of(),
                null,
                Map.of(),
                List.of(),
                List.of("--addr", ":8080"),
                null,
                List.of(),
                Map.of()));
    assertThat(t.notes())
        .extracting(Note::line, Note::kind, n -> head(n.message()))
        .containsExactly(
            tuple(0, Kind.ADVICE, head("there is no .dockerignore")),
            tuple(8, Kind.TRANSLATED, head("the Dockerfile sets no USER")),
            tuple(9, Kind.TRANSLATED, head("copies /etc/ssl/certs/ca-certificates.crt")),
            tuple(11, Kind.NOT_TRANSLATED, head("/out/assets of stage build was made by a RUN")),
            tuple(12, Kind.TRANSLATED, head("CMD in shell form runs /bin/sh -c")),
            tuple(12, Kind.TRANSLATED, head("CMD runs the binary at /usr/local/bin/gateway")));
  }

  @Test
  void whatSlipwayCannotDoBecomesNotesWithTheirLines() throws Exception {
    new Fixture(root)
        .module(".", "example.com/tools", "cmd/one")
        .file("cmd/two/main.go", "package main\n")
        .file("config/app.yaml", "a: 1\n")
        .file(
            "Dockerfile",
            """
            FROM golang:1.22.5 AS build
            WORKDIR /src
            COPY . .
            RUN go mod download && \\
                CGO_ENABLED=1 go build -o /out/ ./cmd/one ./cmd/two
            FROM --platform=linux/amd64 debian:12-slim
            RUN useradd -u 1001 app
            ADD https://example.com/tool.tgz /opt/
            COPY --chown=app --chmod=644 config/app.yaml /etc/app/
            COPY --from=build /out/one /out/two /usr/bin/
            COPY --from=busybox:1.36 /bin/busybox /bin/busybox
            VOLUME /data
            HEALTHCHECK CMD wget -q localhost:8080
            EXPOSE 8080/tcp 8080/tcp
            LABEL team=tools
            ENTRYPOINT exec one --serve $PORT
            """);

    Translation t = translate("Dockerfile", ".");

    TargetPlan target = t.target();
    assertThat(target.name()).isEqualTo("one");
    assertThat(target.main()).isEqualTo("./cmd/one");
    assertThat(target.base()).isEqualTo("debian:12-slim");
    assertThat(target.platforms()).containsExactly("linux/amd64");
    assertThat(target.build().env()).containsExactly(Map.entry("CGO_ENABLED", "1"));
    assertThat(target.files())
        .containsExactly(new FileCopy("config/app.yaml", "/etc/app/app.yaml", "0644"));
    assertThat(target.entrypoint()).isEmpty();
    assertThat(target.ports()).containsExactly("8080/tcp");
    assertThat(target.labels()).containsExactly(Map.entry("team", "tools"));
    assertThat(t.notes())
        .filteredOn(n -> n.kind() == Kind.NOT_TRANSLATED)
        .extracting(Note::line, n -> head(n.message()))
        .containsExactly(
            tuple(4, head("the binary is built with cgo (CGO_ENABLED=1)")),
            tuple(7, head("RUN creates users or groups (Slipway's base has nonroot, 65532)")),
            tuple(8, head("ADD https://example.com/tool.tgz downloads at build time")),
            tuple(10, head("the image has several Go binaries; a Slipway target builds one")),
            tuple(11, head("copies /bin/busybox from the image busybox:1.36: left out")),
            tuple(12, head("VOLUME /data is not translated")),
            tuple(13, head("HEALTHCHECK is not translated")),
            tuple(16, head("ENTRYPOINT in shell form needs /bin/sh")));
    assertThat(t.notes())
        .filteredOn(n -> n.line() == 10)
        .extracting(Note::message)
        .containsExactly(
            "the image has several Go binaries; a Slipway target builds one: this one runs one,"
                + " and not two (line 10): add a target for each");
    assertThat(t.notes())
        .filteredOn(n -> n.kind() == Kind.TRANSLATED)
        .extracting(Note::line)
        .containsExactly(6, 6, 9);
  }

  @Test
  void aSingleStageBuildTranslatesToTheBinaryAloneOnSlipwaysBase() throws Exception {
    new Fixture(root)
        .module(".", "example.com/tiny", ".")
        .file(".dockerignore", ".git\n")
        .file(
            "Dockerfile",
            """
            FROM golang:1.22
            WORKDIR /app
            COPY go.mod go.sum ./
            RUN go mod download
            COPY . .
            RUN CGO_ENABLED=0 go build -trimpath -o /usr/local/bin/tiny
            USER 65532
            CMD ["tiny"]
            """);

    Translation t = translate("Dockerfile", ".");

    assertThat(t.target().main()).isEqualTo(".");
    assertThat(t.target().base()).isNull();
    assertThat(t.target().files()).isEmpty();
    assertThat(t.target().workdir()).isEqualTo("/app");
    assertThat(t.target().entrypoint()).isEmpty();
    assertThat(t.target().args()).isEmpty();
    assertThat(t.notes())
        .extracting(Note::line, Note::kind)
        .containsExactly(tuple(1, Kind.TRANSLATED), tuple(8, Kind.TRANSLATED));
    assertThat(t.notes().get(0).message()).startsWith("the final stage builds the binary itself");
  }

  @Test
  void aDockerfileWithoutGoOrWithASyntaxErrorGivesNoTargetAndSaysWhy() throws Exception {
    new Fixture(root)
        .file("web/Dockerfile", "FROM node:20\nCOPY . .\nCMD [\"node\", \"server.js\"]\n")
        .file("bad/Dockerfile", "FROM alpine\nRUN <<EOF\necho\n");

    Translation web = translate("web/Dockerfile", "web");
    Translation bad = translate("bad/Dockerfile", "bad");
    Translation missing = translate("gone/Dockerfile", "gone");

    assertThat(web.target()).isNull();
    assertThat(web.notes())
        .extracting(Note::toString)
        .containsExactly(
            "web/Dockerfile:1: no Go binary found: the final stage copies none from a stage that"
                + " runs go build or go install, and builds none (not a Go service?)");
    assertThat(bad.target()).isNull();
    assertThat(bad.notes())
        .extracting(Note::toString)
        .containsExactly(
            "bad/Dockerfile:2: the Dockerfile cannot be read: unterminated heredoc <<EOF (no line"
                + " EOF before the end of the file)");
    assertThat(missing.notes())
        .extracting(Note::toString)
        .containsExactly("gone/Dockerfile: the Dockerfile does not exist");
  }

  @Test
  void aDefaultOnTargetarchPinsThePlatformAndIsCalledOut() throws Exception {
    new Fixture(root)
        .module(".", "example.com/pinned", ".")
        .file(".dockerignore", "")
        .file(
            "Dockerfile",
            """
            FROM --platform=$BUILDPLATFORM golang:1.22 AS build
            ARG TARGETOS=linux
            ARG TARGETARCH=arm64
            WORKDIR /src
            COPY go.mod go.sum ./
            RUN go mod download
            COPY . .
            RUN GOOS=$TARGETOS GOARCH=$TARGETARCH CGO_ENABLED=0 go build -trimpath -o /pinned .
            FROM gcr.io/distroless/static:nonroot
            COPY --from=build /pinned /pinned
            ENTRYPOINT ["/pinned"]
            """);

    Translation pinned = translate("Dockerfile", ".");
    Translation given =
        Translator.translate(
            root,
            new DockerfileSource("Dockerfile", "."),
            new InitOptions(Map.of("TARGETARCH", "amd64"), null));

    assertThat(pinned.target().platforms()).containsExactly("linux/arm64");
    assertThat(pinned.notes())
        .extracting(Note::line, Note::kind, n -> head(n.message()))
        .containsExactly(
            tuple(3, Kind.ADVICE, head("TARGETARCH is arm64 here, a default of the Dockerfile's")),
            tuple(8, Kind.TRANSLATED, head("GOARCH=arm64 pins the platform to linux/arm64")),
            tuple(11, Kind.TRANSLATED, head("ENTRYPOINT runs the binary at /pinned")));
    assertThat(given.target().platforms()).containsExactly("linux/amd64");
    assertThat(given.notes()).extracting(Note::line).containsExactly(8, 11);
  }

  @Test
  void copyingTheWholeContextBeforeGoModDownloadIsAdvisedAgainst() throws Exception {
    new Fixture(root)
        .module(".", "example.com/slow", ".")
        .file(".dockerignore", "")
        .file(
            "Dockerfile",
            """
            FROM golang:1.22 AS build
            WORKDIR /src
            COPY . .
            RUN go mod download
            RUN CGO_ENABLED=0 go build -trimpath -o /slow .
            FROM scratch
            COPY --from=build /slow /slow
            USER 65532
            ENTRYPOINT ["/slow"]
            """);

    Translation t = translate("Dockerfile", ".");

    assertThat(t.notes())
        .filteredOn(n -> n.kind() == Kind.ADVICE)
        .extracting(Note::toString)
        .containsExactly(
            "Dockerfile:3: COPY . comes before go mod download, so any source change downloads"
                + " every module again: copy go.mod and go.sum, run go mod download, then copy the"
                + " rest");
  }

  @Test
  void buildArgsAndATargetStageAreHonoured() throws Exception {
    new Fixture(root)
        .module(".", "example.com/svc", "cmd/svc")
        .file(".dockerignore", "")
        .file(
            "Dockerfile",
            """
            ARG MAIN=./cmd/svc
            FROM golang:1.22 AS build
            ARG MAIN
            ARG VERSION=dev
            WORKDIR /src
            COPY . .
            RUN CGO_ENABLED=0 go build -trimpath -ldflags "-X main.version=$VERSION" -o /svc $MAIN
            FROM gcr.io/distroless/static:nonroot AS prod
            COPY --from=build /svc /svc
            ENTRYPOINT ["/svc"]
            FROM prod AS debug
            ENV DEBUG=1
            """);

    Translation t =
        Translator.translate(
            root,
            new DockerfileSource("Dockerfile", "."),
            new InitOptions(Map.of("VERSION", "1.2.3"), "prod"));

    assertThat(t.stage()).isEqualTo("prod");
    assertThat(t.target().main()).isEqualTo("./cmd/svc");
    assertThat(t.target().build().ldflags()).containsExactly("-X", "main.version=1.2.3");
    assertThat(t.target().env()).isEmpty();
  }
}
