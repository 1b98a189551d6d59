package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.OciLayouts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team arriving with a multi-stage Dockerfile: {@code slipway init} writes slipway.yaml from it,
 * and the image Slipway builds starts and answers as the Dockerfile describes.
 */
@Tag("integration")
class InitEndToEndTest {
  @TempDir Path tmp;

  private static final String DOCKERFILE =
      """
      # syntax=docker/dockerfile:1
      FROM golang:1.24 AS builder
      WORKDIR /src
      COPY go.mod ./
      RUN go mod download
      COPY . .
      RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/catalog ./cmd/catalog

      FROM gcr.io/distroless/static:nonroot
      WORKDIR /srv
      COPY --from=builder /out/catalog /srv/catalog
      COPY products.json ./
      COPY templates ./templates
      COPY static/*.css ./static/
      ENV SHOP="online boutique" \\
          PORT=%d
      EXPOSE %d
      USER nonroot:nonroot
      ENTRYPOINT ["/srv/catalog"]
      CMD ["-greeting", "Welcome"]
      """;

  @Test
  void initTranslatesTheDockerfileAndTheImageStartsAndAnswersAsItDescribes() throws Exception {
    int port = ShopService.freePort();
    Path repo = ShopService.write(tmp.resolve("shop"));
    GoModules.write(repo.resolve("Dockerfile"), DOCKERFILE.formatted(port, port));
    Files.writeString(repo.resolve(".dockerignore"), "build\n**/*.bak\n");
    Files.writeString(repo.resolve("templates/index.html.bak"), "an old copy\n");
    Slipway slipway = new Slipway(tmp.resolve("cache"));

    Slipway.Run init = slipway.run("init", "-C", repo.toString());
    assertThat(init.code()).as(init.err()).isZero();
    assertThat(init.err()).contains("wrote slipway.yaml: 1 target(s) from 1 Dockerfile(s)");
    String yaml = Files.readString(repo.resolve("slipway.yaml"));
    assertThat(yaml).contains("main: ./cmd/catalog").contains("workdir: /srv");
    Slipway.Run again = slipway.run("init", "-C", repo.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("exists; --force replaces it");

    Path layout = tmp.resolve("oci");
    slipway
        .build(tmp.resolve("s.json"), "-C", repo.toString(), "--oci-layout", layout.toString())
        .ok();
    JsonNode config = OciLayouts.config(layout, "catalog").path("config");
    assertThat(config.path("WorkingDir").asText()).isEqualTo("/srv");
    assertThat(config.path("Cmd").toString()).isEqualTo("[\"-greeting\",\"Welcome\"]");
    assertThat(config.path("ExposedPorts").has(port + "/tcp")).isTrue();

    Path bundle = tmp.resolve("bundle");
    Path rootfs = ImageTools.unpack(layout, "catalog", bundle);
    // As docker build would: what .dockerignore keeps out of the context is not in the image.
    assertThat(rootfs.resolve("srv/templates/index.html")).exists();
    assertThat(rootfs.resolve("srv/templates/index.html.bak")).doesNotExist();
    Process p = ImageTools.startAsImageSays(bundle, tmp.resolve("run.log"));
    try {
      assertThat(ShopService.get(port, "/", p, tmp.resolve("run.log")))
          .contains("<h1>Welcome from online boutique</h1>")
          .contains("<p>Vintage Camera 120</p>")
          .contains("<i>/srv 65532</i>");
      assertThat(ShopService.get(port, "/static/style.css", p, tmp.resolve("run.log")))
          .isEqualTo("h1 { color: teal }\n");
    } finally {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
