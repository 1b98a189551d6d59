package dev.slipway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.Digest;
import dev.slipway.testing.RegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The OCI backend against Debian's docker-registry (distribution 2.8). */
@Tag("integration")
class OciStoreIntegrationTest extends RemoteStoreContract {
  private static RegistryServer registry;

  @BeforeAll
  static void startRegistry() {
    registry = RegistryServer.start();
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Override
  String url() {
    return "oci://" + registry.host() + "/cache/" + tmp.getFileName().toString().toLowerCase();
  }

  @Override
  String downUrl() {
    return "oci://127.0.0.1:" + HttpStoreIntegrationTest.closedPort() + "/cache";
  }

  /** Overwrites the blob's data file in the registry's storage, as a failing disk would. */
  @Override
  void corruptBlob(Digest digest, byte[] garbage) {
    try {
      Files.write(blobFile(digest), garbage);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  byte[] storedBlob(Digest digest) {
    try {
      return Files.readAllBytes(blobFile(digest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A registry answers HEAD for the corrupt blob as present, so a push skips it: the corrupt body
   * stays a miss (never a failure) until the registry deletes it. See docs/cache-oci.md.
   */
  @Override
  @Test
  void corruptedRemoteBlobIsAMissAndTheNextPutRepairsIt() throws Exception {
    TieredCache first = runner("first");
    Hit original = put(first, key(1), "the real body " + tmp.getFileName());
    assertThat(first.flush(Duration.ofSeconds(30))).isTrue();
    corruptBlob(
        original.record().blob(),
        ("the evil body " + tmp.getFileName()).getBytes(StandardCharsets.UTF_8));

    TieredCache cold = runner("cold");
    assertThat(cold.get(key(1))).isEmpty();
    assertThat(cold.stats().get(1).corrupt()).isEqualTo(1);
    assertThat(cold.stats().get(1).misses()).isEqualTo(1);
    assertThat(cold.stats().get(1).disabled()).isFalse();
    assertThat(warnings).isEmpty();
  }

  @Test
  void actionRecordIsATaggedOciManifestWhoseLayerIsTheBody() throws Exception {
    TieredCache cache = runner("one");
    Hit hit = put(cache, key(5), "five " + tmp.getFileName());
    assertThat(cache.flush(Duration.ofSeconds(30))).isTrue();

    String repo = url().substring(("oci://" + registry.host() + "/").length());
    try (RemoteStore store = RemoteStores.parse(url(), Map.of())) {
      assertThat(ActionRecord.parse(store.getAction(key(5)).orElseThrow())).isEqualTo(hit.record());
    }
    assertThat(registry.countRequests("PUT", "/v2/" + repo + "/manifests/ac-" + key(5)))
        .isEqualTo(1);
    JsonNode layer =
        new ObjectMapper().readTree(OciStore.manifest(hit.record())).path("layers").path(0);
    assertThat(layer.path("digest").asText()).isEqualTo(hit.record().blob().toString());
    assertThat(layer.path("size").asLong()).isEqualTo(hit.record().size());
  }

  private Path blobFile(Digest digest) {
    String hex = digest.hex();
    try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      List<Path> found =
          dirs.filter(d -> d.getFileName().toString().startsWith("slipway-registry-"))
              .map(
                  d ->
                      d.resolve(
                          "storage/docker/registry/v2/blobs/sha256/"
                              + hex.substring(0, 2)
                              + "/"
                              + hex
                              + "/data"))
              .filter(Files::exists)
              .toList();
      assertThat(found).as("the registry's file for " + digest).hasSize(1);
      return found.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
