package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds real Go modules and pushes them to a real registry; checks with skopeo and umoci. */
@Tag("integration")
class PushEndToEndTest {
  private static RegistryServer registry;
  private static final ObjectMapper JSON = new ObjectMapper();

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
  void pushedImageValidatesWithSkopeoAndUmociAndRunsAsNonroot() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    String repo = registry.host() + "/e2e/run";
    var run =
        new Slipway(tmp.resolve("cache"))
            .build(
                tmp.resolve("s.json"), "-C", module.toString(), "--push", repo + ":v1", "./cmd/svc")
            .ok();
    assertThat(run.out()).contains(repo + "@" + run.digest(0));
    assertThat(run.summary().path("targets").path(0).path("image").asText())
        .isEqualTo(repo + "@" + run.digest(0));

    Path layout = tmp.resolve("pulled");
    ImageTools.pull(repo + ":v1", layout, "v1");
    Path rootfs = ImageTools.unpack(layout, "v1", tmp.resolve("bundle"));
    assertThat(ImageTools.runAsNonroot(rootfs, "/app/svc"))
        .isEqualTo("hello from svc (v1) uid=65532\n");
    assertThat(Files.readString(rootfs.resolve("etc/passwd"))).contains("nonroot:x:65532:65532");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(rootfs.resolve("app/svc"))))
        .isEqualTo("r-xr-xr-x");

    JsonNode config = JSON.readTree(ImageTools.inspect("docker://" + repo + ":v1", "--config"));
    assertThat(config.path("config").path("User").asText()).isEqualTo("65532");
    assertThat(config.path("config").path("Entrypoint").toString()).isEqualTo("[\"/app/svc\"]");
    assertThat(config.path("created").asText()).isEqualTo("1970-01-01T00:00:00Z");
  }

  @Test
  void sameTreeInTwoDirectoriesWithDifferentMtimesGivesIdenticalDigests() throws Exception {
    Path a = GoModules.service(tmp.resolve("a/svc"), "svc");
    Path b = GoModules.service(tmp.resolve("elsewhere/b/svc"), "svc");
    try (Stream<Path> files = Files.walk(b)) {
      for (Path f : files.toList()) {
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
      }
    }
    var first =
        new Slipway(tmp.resolve("cache-a"))
            .build(
                tmp.resolve("a.json"),
                "-C",
                a.toString(),
                "--oci-layout",
                tmp.resolve("oa").toString(),
                "./cmd/svc")
            .ok();
    var second =
        new Slipway(tmp.resolve("cache-b"))
            .build(
                tmp.resolve("b.json"),
                "-C",
                b.toString(),
                "--oci-layout",
                tmp.resolve("ob").toString(),
                "./cmd/svc")
            .ok();
    assertThat(second.digest(0)).isEqualTo(first.digest(0));
    assertThat(Files.readAllBytes(tmp.resolve("ob/index.json")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("oa/index.json")));
  }

  @Test
  void unchangedRepushUploadsNoBlobsAndOneChangeUploadsOnlyBinaryAndConfig() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    String repo = registry.host() + "/e2e/repush";
    String uploads = "/v2/e2e/repush/blobs/uploads/";
    var first =
        new Slipway(tmp.resolve("cache"))
            .build(tmp.resolve("1.json"), "-C", module.toString(), "--push", repo, "./cmd/svc")
            .ok();
    long putsAfterFirst = registry.countRequests("PUT", uploads);
    assertThat(putsAfterFirst).isEqualTo(3); // static base, binary layer, config
    assertThat(first.summary().path("blobs").path("uploaded").asInt()).isEqualTo(3);

    // Unchanged, same cache: the fast path runs nothing at all.
    var noop =
        new Slipway(tmp.resolve("cache"))
            .build(tmp.resolve("2.json"), "-C", module.toString(), "--push", repo, "./cmd/svc")
            .ok();
    assertThat(noop.summary().path("cache").path("fastPath").asBoolean()).isTrue();
    assertThat(noop.digest(0)).isEqualTo(first.digest(0));

    // Unchanged, cold cache (another runner): everything is rebuilt, but no blob is uploaded.
    var cold =
        new Slipway(tmp.resolve("other-cache"))
            .build(tmp.resolve("3.json"), "-C", module.toString(), "--push", repo, "./cmd/svc")
            .ok();
    assertThat(cold.summary().path("cache").path("fastPath").asBoolean()).isFalse();
    assertThat(cold.digest(0)).isEqualTo(first.digest(0));
    assertThat(cold.summary().path("blobs").path("uploaded").asInt()).isZero();
    JsonNode coldBlobs = cold.summary().path("blobs");
    assertThat(coldBlobs.path("skipped").asInt()).isEqualTo(3); // base, binary, config
    assertThat(coldBlobs.path("bytesSkipped").asLong())
        .isEqualTo(first.summary().path("blobs").path("bytesUploaded").asLong());
    assertThat(registry.countRequests("PUT", uploads)).isEqualTo(putsAfterFirst);

    // One .go change: only the binary layer and the config go up.
    GoModules.changeGreeting(module, "v2");
    var changed =
        new Slipway(tmp.resolve("cache"))
            .build(tmp.resolve("4.json"), "-C", module.toString(), "--push", repo, "./cmd/svc")
            .ok();
    assertThat(changed.digest(0)).isNotEqualTo(first.digest(0));
    assertThat(registry.countRequests("PUT", uploads)).isEqualTo(putsAfterFirst + 2);
    assertThat(changed.summary().path("blobs").path("uploaded").asInt()).isEqualTo(2);
    assertThat(changed.summary().path("blobs").path("skipped").asInt()).isEqualTo(1);
    // Compressed once: the base layer came from the layer store, only the binary was compressed.
    assertThat(changed.summary().path("cache").path("layers").path("hits").asInt()).isEqualTo(1);
    assertThat(changed.summary().path("cache").path("layers").path("misses").asInt()).isEqualTo(1);
  }

  @Test
  void twoPlatformsGiveAValidIndex() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    String repo = registry.host() + "/e2e/multi";
    var run =
        new Slipway(tmp.resolve("cache"))
            .build(
                tmp.resolve("s.json"),
                "-C",
                module.toString(),
                "--platform",
                "linux/amd64,linux/arm64",
                "--push",
                repo,
                "./cmd/svc")
            .ok();
    JsonNode index = JSON.readTree(ImageTools.inspect("docker://" + repo + ":latest", "--raw"));
    assertThat(index.path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.index.v1+json");
    assertThat(index.path("manifests").findValuesAsText("architecture"))
        .containsExactly("amd64", "arm64");
    assertThat(run.summary().path("targets").path(0).path("platforms").size()).isEqualTo(2);
    Path layout = tmp.resolve("pulled");
    ImageTools.run(
            null,
            "skopeo",
            "copy",
            "--src-tls-verify=false",
            "--override-arch",
            "arm64",
            "docker://" + repo + ":latest",
            "oci:" + layout + ":arm")
        .orFail("skopeo copy arm64");
    Path rootfs = ImageTools.unpack(layout, "arm", tmp.resolve("bundle"));
    assertThat(ImageTools.run(null, "file", rootfs.resolve("app/svc").toString()).output())
        .containsIgnoringCase("aarch64");
  }

  /**
   * Of a repository's services, a change to one rewrites only that image's manifest: each other
   * image, none of whose blobs was new, is found in place by a HEAD. One whose tag was moved away
   * is written again.
   */
  @Test
  void aRepushWritesTheManifestsOfChangedImagesOnly() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "api", "worker");
    String repo = registry.host() + "/e2e/fleet";
    String[] args = {"-C", module.toString(), "--push", repo + ":main", "./cmd/..."};
    var first = new Slipway(tmp.resolve("cache")).build(tmp.resolve("1.json"), args).ok();
    String apiPuts = "/v2/e2e/fleet/api/manifests/";
    String workerPuts = "/v2/e2e/fleet/worker/manifests/";
    assertThat(registry.countRequests("PUT", apiPuts)).isEqualTo(1);
    assertThat(registry.countRequests("PUT", workerPuts)).isEqualTo(1);

    GoModules.write(
        module.resolve("cmd/worker/version.go"), "package main\n\nconst version = \"2\"\n");
    var changed = new Slipway(tmp.resolve("cache")).build(tmp.resolve("2.json"), args).ok();
    assertThat(changed.summary().path("blobs").path("uploaded").asInt()).isEqualTo(2);
    assertThat(registry.countRequests("PUT", workerPuts)).isEqualTo(2);
    assertThat(registry.countRequests("PUT", apiPuts)).isEqualTo(1);
    assertThat(registry.countRequests("HEAD", apiPuts + "main")).isEqualTo(1);

    // The api's tag moved to the worker's image: the next push puts it back.
    String worker = ImageTools.inspect("docker://" + repo + "/worker:main", "--raw");
    ImageTools.run(
            null,
            "skopeo",
            "copy",
            "--preserve-digests",
            "--src-tls-verify=false",
            "--dest-tls-verify=false",
            "docker://" + repo + "/worker:main",
            "docker://" + repo + "/api:main")
        .orFail("skopeo copy");
    assertThat(ImageTools.inspect("docker://" + repo + "/api:main", "--raw")).isEqualTo(worker);
    new Slipway(tmp.resolve("other-cache")).build(tmp.resolve("3.json"), args).ok();
    assertThat(registry.countRequests("PUT", apiPuts)).isEqualTo(3); // ours and the move
    assertThat(registry.countRequests("PUT", workerPuts)).isEqualTo(2);
    assertThat(ImageTools.inspect("docker://" + repo + "/api:main", "--raw"))
        .isEqualTo(ImageTools.inspect("docker://" + repo + "/api@" + first.digest(0), "--raw"));
  }

  @Test
  void severalTargetsGoToTheirOwnRepositoriesAndExtraTagsCostNoBlob() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "api", "worker");
    String repo = registry.host() + "/e2e/team";
    var run =
        new Slipway(tmp.resolve("cache"))
            .build(
                tmp.resolve("s.json"),
                "-C",
                module.toString(),
                "--push",
                repo + ":main",
                "--tag",
                "abc123",
                "./cmd/...")
            .ok();
    assertThat(run.summary().path("targets").findValuesAsText("name"))
        .containsExactlyInAnyOrder("api", "worker");
    for (String name : new String[] {"api", "worker"}) {
      String main = ImageTools.inspect("docker://" + repo + "/" + name + ":main", "--raw");
      String tagged = ImageTools.inspect("docker://" + repo + "/" + name + ":abc123", "--raw");
      assertThat(tagged).isEqualTo(main);
    }
    // base layer once per repository, binary and config per target: 6 uploads, no more.
    assertThat(run.summary().path("blobs").path("uploaded").asInt()).isEqualTo(6);
  }

  @Test
  void tarballLoadsInSkopeo() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    Path tar = tmp.resolve("svc.tar");
    new Slipway(tmp.resolve("cache"))
        .build(
            tmp.resolve("s.json"),
            "-C",
            module.toString(),
            "--tarball",
            tar.toString(),
            "./cmd/svc")
        .ok();
    JsonNode inspected = JSON.readTree(ImageTools.inspect("docker-archive:" + tar));
    assertThat(inspected.path("Layers").size()).isEqualTo(2);
    Path layout = tmp.resolve("from-tar");
    ImageTools.run(null, "skopeo", "copy", "docker-archive:" + tar, "oci:" + layout + ":t")
        .orFail("skopeo copy from tarball");
    Path rootfs = ImageTools.unpack(layout, "t", tmp.resolve("bundle"));
    assertThat(ImageTools.runAsNonroot(rootfs, "/app/svc")).startsWith("hello from svc");
  }
}
