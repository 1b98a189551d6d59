package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.OciLayouts;
import dev.slipway.testing.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes into the image: kodata, creation time, labels, and the layer compression. */
@Tag("integration")
class ImageContentEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static RegistryServer registry;

  @TempDir Path tmp;

  @BeforeAll
  static void startRegistry() {
    registry = RegistryServer.start();
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Test
  void kodataBecomesALayerBetweenBaseAndBinaryAtVarRunKoAndOnlyWhereItExists() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "plain");
    GoModules.write(
        module.resolve("cmd/svc/main.go"),
        """
        package main

        import (
        \t"fmt"
        \t"os"
        )

        func main() {
        \tb, err := os.ReadFile(os.Getenv("KO_DATA_PATH") + "/greeting.txt")
        \tif err != nil {
        \t\tpanic(err)
        \t}
        \tfmt.Print(string(b))
        }
        """);
    GoModules.write(module.resolve("cmd/svc/kodata/greeting.txt"), "hi from kodata\n");
    Path layout = tmp.resolve("oci");
    new Slipway(tmp.resolve("cache"))
        .build(
            tmp.resolve("s.json"),
            "-C",
            module.toString(),
            "--oci-layout",
            layout.toString(),
            "./cmd/...")
        .ok();

    JsonNode svc = OciLayouts.manifest(layout, "svc");
    JsonNode plain = OciLayouts.manifest(layout, "plain");
    assertThat(OciLayouts.layerDigests(svc)).hasSize(3);
    assertThat(OciLayouts.layerDigests(plain)).hasSize(2);
    // static base, kodata, binary: the base is shared, kodata is the middle one.
    assertThat(OciLayouts.layerDigests(svc).get(0))
        .isEqualTo(OciLayouts.layerDigests(plain).get(0));
    assertThat(names(OciLayouts.entries(layout, svc.path("layers").path(1))))
        .anyMatch(n -> n.endsWith("var/run/ko/greeting.txt"))
        .noneMatch(n -> n.contains("app/"));
    assertThat(names(OciLayouts.entries(layout, svc.path("layers").path(2))))
        .anyMatch(n -> n.endsWith("app/svc"));
    assertThat(OciLayouts.config(layout, "svc").path("config").path("Env").toString())
        .contains("\"KO_DATA_PATH=/var/run/ko\"");
    assertThat(OciLayouts.config(layout, "plain").path("config").path("Env").toString())
        .doesNotContain("KO_DATA_PATH");

    Path rootfs = ImageTools.unpack(layout, "svc", tmp.resolve("bundle"));
    assertThat(Files.readString(rootfs.resolve("var/run/ko/greeting.txt")))
        .isEqualTo("hi from kodata\n");
    // chroot does not apply the config's env; pass the KO_DATA_PATH asserted above.
    assertThat(
            ImageTools.run(
                    null,
                    "env",
                    "KO_DATA_PATH=/var/run/ko",
                    "chroot",
                    "--userspec=65532:65532",
                    rootfs.toString(),
                    "/app/svc")
                .orFail("chroot /app/svc")
                .output())
        .isEqualTo("hi from kodata\n");
  }

  @Test
  void sourceDateEpochSetsCreatedAndEveryLayerMtimeAndIsReproducible() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    var first = epochBuild(module, "1700000000", "cache-1", "o1");
    var again = epochBuild(module, "1700000000", "cache-2", "o2");
    var zero = epochBuild(module, "0", "cache-1", "o0");
    assertThat(again.digest(0)).isEqualTo(first.digest(0));
    assertThat(zero.digest(0)).isNotEqualTo(first.digest(0));

    Path layout = tmp.resolve("o1");
    JsonNode config = OciLayouts.config(layout, "svc");
    assertThat(config.path("created").asText()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(config.path("history").findValuesAsText("created"))
        .isNotEmpty()
        .allMatch("2023-11-14T22:13:20Z"::equals);
    Instant expected = Instant.ofEpochSecond(1_700_000_000L);
    JsonNode layers = OciLayouts.manifest(layout, "svc").path("layers");
    assertThat(layers.size()).isEqualTo(2);
    for (JsonNode layer : layers) {
      List<TarArchiveEntry> entries = OciLayouts.entries(layout, layer);
      assertThat(entries).isNotEmpty();
      assertThat(entries)
          .allSatisfy(
              e -> assertThat(e.getModTime().toInstant()).as(e.getName()).isEqualTo(expected));
    }
    assertThat(OciLayouts.config(tmp.resolve("o0"), "svc").path("created").asText())
        .isEqualTo("1970-01-01T00:00:00Z");
  }

  @Test
  void labelsAndOptInVcsLabelsAreInTheConfigWithoutTheRemotesCredentials() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    git(module, "init", "-q");
    git(module, "add", ".");
    git(module, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "1");
    git(
        module,
        "remote",
        "add",
        "origin",
        "https://ci-user:tok3n-XYZ@git.example.com/team/svc.git");
    String head = git(module, "rev-parse", "HEAD").strip();
    Path layout = tmp.resolve("oci");
    var run =
        new Slipway(tmp.resolve("cache"))
            .build(
                tmp.resolve("s.json"),
                "-C",
                module.toString(),
                "--label",
                "a=b",
                "--label",
                "org.example.team=payments",
                "--vcs-labels",
                "--oci-layout",
                layout.toString(),
                "./cmd/svc")
            .ok();
    JsonNode config = OciLayouts.config(layout, "svc");
    assertThat(OciLayouts.labels(config))
        .containsEntry("a", "b")
        .containsEntry("org.example.team", "payments")
        .containsEntry("org.opencontainers.image.revision", head)
        .containsEntry("org.opencontainers.image.source", "https://git.example.com/team/svc.git");
    assertThat(config.toString()).doesNotContain("tok3n").doesNotContain("ci-user");
    assertThat(run.out() + run.err() + Files.readString(tmp.resolve("s.json")))
        .doesNotContain("tok3n");
  }

  @Test
  void zstdLayersArePushedWithTheZstdMediaTypeAndUnpackAndRun() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    String repo = registry.host() + "/e2e/zstd";
    var run =
        new Slipway(tmp.resolve("cache"))
            .build(
                tmp.resolve("s.json"),
                "-C",
                module.toString(),
                "--compression",
                "zstd",
                "--push",
                repo + ":z",
                "./cmd/svc")
            .ok();
    JsonNode manifest = JSON.readTree(ImageTools.inspect("docker://" + repo + ":z", "--raw"));
    assertThat(manifest.path("layers").findValuesAsText("mediaType"))
        .hasSize(2)
        .containsOnly("application/vnd.oci.image.layer.v1.tar+zstd");

    Path layout = tmp.resolve("pulled");
    ImageTools.pull(repo + "@" + run.digest(0), layout, "z");
    // Slipway's own reading of the blob agrees that it is a zstd tar holding the binary.
    assertThat(names(OciLayouts.entries(layout, manifest.path("layers").path(1))))
        .anyMatch(n -> n.endsWith("app/svc"));
    // umoci 0.4.7 (Debian's) rejects zstd layers, so do what it does with the zstd CLI: check
    // each blob's digest and diffID, then apply the layers in order.
    JsonNode config = OciLayouts.config(layout, "z");
    Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
    for (int i = 0; i < manifest.path("layers").size(); i++) {
      String digest = manifest.path("layers").path(i).path("digest").asText();
      Path blob = OciLayouts.blob(layout, digest);
      assertThat(sha256(blob)).isEqualTo(digest);
      Path tar = tmp.resolve("layer-" + i + ".tar");
      ImageTools.run(null, "zstd", "-q", "-d", blob.toString(), "-o", tar.toString())
          .orFail("zstd -d");
      assertThat(sha256(tar)).isEqualTo(config.path("rootfs").path("diff_ids").path(i).asText());
      ImageTools.run(null, "tar", "-xpf", tar.toString(), "-C", rootfs.toString()).orFail("tar -x");
    }
    assertThat(ImageTools.runAsNonroot(rootfs, "/app/svc"))
        .isEqualTo("hello from svc (v1) uid=65532\n");
  }

  private static String sha256(Path file) throws Exception {
    var md = java.security.MessageDigest.getInstance("SHA-256");
    try (var in = new java.security.DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return "sha256:" + java.util.HexFormat.of().formatHex(md.digest());
  }

  private Slipway.Run epochBuild(Path module, String epoch, String cache, String out) {
    return new Slipway(tmp.resolve(cache))
        .env("SOURCE_DATE_EPOCH", epoch)
        .build(
            tmp.resolve(out + ".json"),
            "-C",
            module.toString(),
            "--oci-layout",
            tmp.resolve(out).toString(),
            "./cmd/svc")
        .ok();
  }

  private static List<String> names(List<TarArchiveEntry> entries) {
    return entries.stream().map(TarArchiveEntry::getName).toList();
  }

  private static String git(Path dir, String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    return ImageTools.run(null, cmd.toArray(String[]::new)).orFail("git " + args[0]).output();
  }
}
