package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.OciLayouts;
import dev.slipway.testing.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service shaped like the ones that did not start from Slipway's images before slipway.yaml: it
 * reads {@code products.json} and {@code templates/*.html} from its working directory and serves
 * {@code static/}. Its slipway.yaml puts them in the image, and the image runs as its config says.
 */
@Tag("integration")
class ProjectConfigEndToEndTest {
  @TempDir Path tmp;

  private Path service(Path dir, int port) {
    Path module = ShopService.write(dir);
    GoModules.write(
        module.resolve("slipway.yaml"),
        """
        # the catalog service, as its Dockerfile built it
        defaults:
          env: {SHOP: online boutique}
        targets:
          catalog:
            main: ./cmd/catalog
            workdir: /srv
            files:
              - from: products.json
                to: /srv/products.json
              - from: templates
                to: /srv/templates
              - from: static/*.css
                to: /srv/static
            env:
              PORT: "%d"
            args: [-greeting, Welcome]
            ports: [%d]
            labels: {team: shop}
            annotations:
              org.opencontainers.image.description: the catalog
        """
            .formatted(port, port));
    return module;
  }

  @Test
  void filesWorkdirEnvAndArgsFromSlipwayYamlMakeTheServiceStartAndAnswer() throws Exception {
    int port = ShopService.freePort();
    Path module = service(tmp.resolve("svc"), port);
    Path layout = tmp.resolve("oci");
    new Slipway(tmp.resolve("cache"))
        .build(tmp.resolve("s.json"), "-C", module.toString(), "--oci-layout", layout.toString())
        .ok();

    JsonNode config = OciLayouts.config(layout, "catalog").path("config");
    assertThat(config.path("WorkingDir").asText()).isEqualTo("/srv");
    assertThat(config.path("Entrypoint").toString()).isEqualTo("[\"/app/catalog\"]");
    assertThat(config.path("Cmd").toString()).isEqualTo("[\"-greeting\",\"Welcome\"]");
    assertThat(config.path("Env").toString())
        .contains("\"SHOP=online boutique\"", "\"PORT=" + port + "\"");
    assertThat(config.path("ExposedPorts").has(port + "/tcp")).isTrue();
    assertThat(config.path("Labels").path("team").asText()).isEqualTo("shop");
    assertThat(config.path("User").asText()).isEqualTo("65532");
    JsonNode manifest = OciLayouts.manifest(layout, "catalog");
    assertThat(manifest.path("annotations").path("org.opencontainers.image.description").asText())
        .isEqualTo("the catalog");
    // base, binary, files: the files in a layer of their own, last
    assertThat(OciLayouts.layerDigests(manifest)).hasSize(3);
    List<String> files =
        OciLayouts.entries(layout, manifest.path("layers").path(2)).stream()
            .map(e -> e.getName() + " " + Integer.toOctalString(e.getMode() & 07777))
            .toList();
    assertThat(files)
        .contains(
            "srv/products.json 644", "srv/templates/index.html 644", "srv/static/style.css 644")
        .noneMatch(f -> f.contains("notes.txt") || f.contains("main.go"));

    Path bundle = tmp.resolve("bundle");
    ImageTools.unpack(layout, "catalog", bundle);
    Process p = ImageTools.startAsImageSays(bundle, tmp.resolve("run.log"));
    try {
      String page = ShopService.get(port, "/", p, tmp.resolve("run.log"));
      assertThat(page)
          .contains("<h1>Welcome from online boutique</h1>")
          .contains("<p>Vintage Camera 120</p>")
          .contains("<i>/srv 65532</i>");
      assertThat(ShopService.get(port, "/static/style.css", p, tmp.resolve("run.log")))
          .isEqualTo("h1 { color: teal }\n");
    } finally {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void addedFilesAreReproducibleAndAChangeToOneChangesOnlyItsLayer() throws Exception {
    int port = ShopService.freePort();
    Path a = service(tmp.resolve("a"), port);
    Path b = service(tmp.resolve("b"), port);
    try (Stream<Path> all = Files.walk(b)) {
      for (Path p : all.toList()) {
        Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
      }
    }
    Slipway slipway = new Slipway(tmp.resolve("cache"));
    String first =
        slipway
            .build(
                tmp.resolve("a.json"),
                "-C",
                a.toString(),
                "--oci-layout",
                tmp.resolve("la").toString())
            .ok()
            .digest(0);
    Slipway other = new Slipway(tmp.resolve("cache2"));
    String second =
        other
            .build(
                tmp.resolve("b.json"),
                "-C",
                b.toString(),
                "--oci-layout",
                tmp.resolve("lb").toString())
            .ok()
            .digest(0);
    assertThat(second).isEqualTo(first);

    JsonNode before = OciLayouts.manifest(tmp.resolve("la"), "catalog");
    GoModules.write(a.resolve("products.json"), "[{\"name\":\"Typewriter\",\"price\":67}]\n");
    Slipway.Run changed =
        slipway
            .build(
                tmp.resolve("a2.json"),
                "-C",
                a.toString(),
                "--oci-layout",
                tmp.resolve("la").toString())
            .ok();
    assertThat(changed.digest(0)).isNotEqualTo(first);
    assertThat(changed.summary().path("cache").path("fastPath").asBoolean()).isFalse();
    JsonNode after = OciLayouts.manifest(tmp.resolve("la"), "catalog");
    List<String> was = OciLayouts.layerDigests(before);
    List<String> now = OciLayouts.layerDigests(after);
    assertThat(now.subList(0, 2)).isEqualTo(was.subList(0, 2));
    assertThat(now.get(2)).isNotEqualTo(was.get(2));
  }

  @Test
  void aBadConfigurationIsExitTwoNamingThePlaceAndWritesNothing() throws Exception {
    Path module = service(tmp.resolve("svc"), 8080);
    Path layout = tmp.resolve("oci");
    Files.writeString(
        module.resolve("slipway.yaml"),
        "targets:\n  catalog:\n    main: ./cmd/catalog\n    workdirr: /srv\n");
    Slipway.Run unknown =
        new Slipway(tmp.resolve("cache"))
            .run("build", "-C", module.toString(), "--oci-layout", layout.toString());
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("slipway.yaml:4:5: unknown key \"workdirr\"");

    Files.writeString(
        module.resolve("slipway.yaml"),
        """
        targets:
          catalog:
            main: ./cmd/catalog
            files:
              - {from: missing.json, to: /srv/missing.json}
        """);
    Slipway.Run missing =
        new Slipway(tmp.resolve("cache"))
            .run("build", "-C", module.toString(), "--oci-layout", layout.toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("slipway.yaml:5:9: missing.json: no such file or directory");
    assertThat(layout).doesNotExist();
  }

  @Test
  void eachTargetIsPushedWhereItsSectionSaysWithItsOwnTags() throws Exception {
    Path module = service(tmp.resolve("svc"), 8080);
    try (RegistryServer registry = RegistryServer.start()) {
      Files.writeString(
          module.resolve("slipway.yaml"),
          """
          targets:
            catalog:
              main: ./cmd/catalog
              repository: %s/shop/product-catalog
              tags: [stable]
            other:
              main: ./cmd/other
          """
              .formatted(registry.host()));
      Slipway.Run run =
          new Slipway(tmp.resolve("cache"))
              .build(
                  tmp.resolve("s.json"),
                  "-C",
                  module.toString(),
                  "--push",
                  registry.host() + "/team:v1")
              .ok();
      assertThat(run.out())
          .contains(registry.host() + "/shop/product-catalog@sha256:")
          .contains(registry.host() + "/team/other@sha256:");
      for (String ref :
          List.of("shop/product-catalog:v1", "shop/product-catalog:stable", "team/other:v1")) {
        assertThat(ImageTools.inspect("docker://" + registry.host() + "/" + ref, "--raw"))
            .contains("\"schemaVersion\"");
      }
      assertThat(
              ImageTools.run(
                      null,
                      "skopeo",
                      "inspect",
                      "--tls-verify=false",
                      "docker://" + registry.host() + "/team/other:stable")
                  .code())
          .isNotZero();
    }
  }
}
