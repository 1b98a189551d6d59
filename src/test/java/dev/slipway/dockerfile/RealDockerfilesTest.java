package dev.slipway.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Dockerfiles as {@code docker init}, tutorials and real repositories write them, each of which
 * init once translated into a target that would not build, or an image that would not start.
 */
class RealDockerfilesTest {
  @TempDir Path root;

  private Translation translate(String dockerfile) throws Exception {
    return Translator.translate(root, new DockerfileSource(dockerfile, "."), InitOptions.DEFAULTS);
  }

  /**
   * Translates a Dockerfile whose build stage copies the repository to /src and runs {@code
   * goCommand} there (lines 1 to 4), then {@code finalStage}.
   */
  private Translation builtWith(String goCommand, String finalStage) throws Exception {
    String build = "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 %s\n";
    new Fixture(root)
        .file(".dockerignore", "")
        .file("Dockerfile", build.formatted(goCommand) + finalStage);
    return translate("Dockerfile");
  }

  private static List<String> messages(Translation t) {
    return t.notes().stream().map(Note::toString).toList();
  }

  /** What {@code docker init} writes for a Go project, word for word but the Go version. */
  @Test
  void dockerInitsBindMountedBuildIsTranslatedAndTheUserItAddsBecomesItsIds() throws Exception {
    new Fixture(root)
        .module(".", "example.com/api", ".")
        .file(".dockerignore", "")
        .file(
            "Dockerfile",
            """
            # syntax=docker/dockerfile:1
            ARG GO_VERSION=1.26
            FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
            WORKDIR /src
            RUN --mount=type=cache,target=/go/pkg/mod/ \\
                --mount=type=bind,source=go.sum,target=go.sum \\
                --mount=type=bind,source=go.mod,target=go.mod \\
                go mod download -x
            ARG TARGETARCH
            RUN --mount=type=cache,target=/go/pkg/mod/ \\
                --mount=type=bind,target=. \\
                CGO_ENABLED=0 GOARCH=$TARGETARCH go build -o /bin/server .

            FROM alpine:3.20 AS final
            RUN --mount=type=cache,target=/var/cache/apk \\
                apk --update add ca-certificates tzdata && update-ca-certificates
            ARG UID=10001
            RUN adduser \\
                --disabled-password \\
                --gecos "" \\
                --home "/nonexistent" \\
                --shell "/sbin/nologin" \\
                --no-create-home \\
                --uid "${UID}" \\
                appuser
            USER appuser
            COPY --from=build /bin/server /bin/
            EXPOSE 8080
            ENTRYPOINT [ "/bin/server" ]
            """);

    Translation t = translate("Dockerfile");

    assertThat(t.target().main()).isEqualTo(".");
    assertThat(t.target().name()).isEqualTo("api");
    assertThat(t.target().entrypoint()).isEmpty();
    // alpine has no appuser: adduser ran in Docker's build only.
    assertThat(t.target().user()).isEqualTo("10001:10001");
    assertThat(messages(t))
        .contains(
            "Dockerfile:26: USER appuser is created by the RUN at line 18, which Slipway does not"
                + " run: the image runs as its ids, 10001:10001");
  }

  @Test
  void aBindMountFromAnotherStageIsFollowedThere() throws Exception {
    new Fixture(root)
        .module("svc", "example.com/svc", "cmd/svc")
        .file(".dockerignore", "")
        .file(
            "Dockerfile",
            """
            FROM golang:1.26 AS src
            COPY svc /code
            FROM golang:1.26 AS build
            WORKDIR /work
            RUN --mount=type=bind,from=src,source=/code,target=/work \\
                CGO_ENABLED=0 go build -o /out/svc ./cmd/svc
            FROM scratch
            COPY --from=build /out/svc /svc
            ENTRYPOINT ["/svc"]
            """);

    assertThat(translate("Dockerfile").target().main()).isEqualTo("./svc/cmd/svc");
  }

  @Test
  void buildingEveryCommandWithAPatternFindsTheOneTheImageRuns() throws Exception {
    new Fixture(root)
        .module(".", "example.com/shop", "cmd/api")
        .file("cmd/worker/main.go", "// Command worker.\npackage main\n\nfunc main() {}\n")
        .file("internal/store/store.go", "package store\n")
        .file("cmd/api/testdata/fixture/main.go", "package main\n");

    Translation t =
        builtWith(
            "go build -o /out ./...",
            """
            FROM gcr.io/distroless/static-debian12:nonroot
            COPY --from=build /out/api /usr/local/bin/api
            ENTRYPOINT ["api"]
            """);

    assertThat(t.target().name()).isEqualTo("api");
    assertThat(t.target().main()).isEqualTo("./cmd/api");
    assertThat(t.target().entrypoint()).isEmpty();
  }

  /**
   * go writes into a directory that exists, trailing slash or not; go install of an import path
   * pattern puts each command in GOBIN.
   */
  @ParameterizedTest
  @CsvSource({
    "'GOBIN=/out go install example.com/shop/cmd/...', /out/worker, ./cmd/worker",
    "go build -o /usr/local/bin ./cmd/api, /usr/local/bin/api, ./cmd/api",
    "go build -o /go/bin/ ./cmd/..., /go/bin/worker, ./cmd/worker"
  })
  void theBinaryTheImageCopiesIsTracedToItsMainPackage(String goCommand, String binary, String main)
      throws Exception {
    new Fixture(root)
        .module(".", "example.com/shop", "cmd/api")
        .file("cmd/worker/main.go", "package main\n\nfunc main() {}\n");

    Translation t = builtWith(goCommand, "FROM scratch\nCOPY --from=build " + binary + " /app\n");

    assertThat(t.target().main()).isEqualTo(main);
  }

  @Test
  void envExtendingPathKeepsTheBasesPathAndAnEntrypointFoundOnItRunsTheBinary() throws Exception {
    new Fixture(root).module(".", "example.com/shop", ".");

    Translation t =
        builtWith(
            "go build -o /out/shop .",
            """
            FROM gcr.io/distroless/static-debian12:nonroot
            WORKDIR /opt/shop
            COPY --from=build /out/shop ./
            ENV PATH=/opt/shop:$PATH
            ENTRYPOINT ["shop"]
            """);

    assertThat(t.target().env())
        .isEqualTo(
            Map.of(
                "PATH", "/opt/shop:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
    assertThat(t.target().entrypoint()).isEmpty();
    assertThat(messages(t))
        .contains(
            "Dockerfile:9: ENTRYPOINT runs the binary at /opt/shop/shop; Slipway's image runs it"
                + " as /app/shop, its default entrypoint")
        .noneMatch(m -> m.contains("$PATH"));
  }

  @Test
  void aUserOnlyDistrolessHasBecomesItsIdsAndOneNoBaseHasIsLeftOut() throws Exception {
    new Fixture(root).module(".", "example.com/shop", ".");
    String finalStage = "FROM %s\nCOPY --from=build /shop /shop\nUSER %s\n";
    Map<String, String> users =
        Map.of(
            "gcr.io/distroless/static-debian12 nobody", "65534:65534",
            "gcr.io/distroless/static-debian12 nonroot:nonroot", "nonroot:nonroot",
            "gcr.io/distroless/static-debian12 1000:1000", "1000:1000",
            "alpine:3.20 guest", "guest");
    for (Map.Entry<String, String> e : users.entrySet()) {
      String[] baseAndUser = e.getKey().split(" ");
      Translation t =
          builtWith("go build -o /shop .", finalStage.formatted(baseAndUser[0], baseAndUser[1]));
      assertThat(t.target().user()).as(e.getKey()).isEqualTo(e.getValue());
    }

    Translation t = builtWith("go build -o /shop .", finalStage.formatted("scratch", "app"));
    assertThat(t.target().user()).isNull();
    assertThat(messages(t))
        .anyMatch(m -> m.startsWith("Dockerfile:7: USER app: Slipway's static base has no user"));
  }

  /** The usual way to a non-root user on scratch: made in the builder, passwd copied over. */
  @Test
  void aUserAddedInTheBuilderWhosePasswdScratchCopiesBecomesItsIds() throws Exception {
    new Fixture(root)
        .module(".", "example.com/shop", ".")
        .file(".dockerignore", "")
        .file(
            "Dockerfile",
            """
            FROM golang:1.26 AS build
            RUN useradd -u 10001 -g 0 scratchuser
            WORKDIR /src
            COPY . .
            RUN CGO_ENABLED=0 go build -o /shop .
            FROM scratch
            COPY --from=build /etc/passwd /etc/passwd
            COPY --from=build /shop /shop
            USER scratchuser
            ENTRYPOINT ["/shop"]
            """);

    assertThat(translate("Dockerfile").target().user()).isEqualTo("10001:0");
  }
}
