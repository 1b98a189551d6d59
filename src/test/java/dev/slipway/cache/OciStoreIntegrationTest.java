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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
   * distribution keeps a deleted blob's bytes and links them again when the same digest is
   * uploaded, so the repair deletes the corrupt blob and stores the body salted, under a new digest
   * (docs/cache-oci.md). The contract's check of the raw blob file does not apply.
   */
  @Override
  @Test
  void corruptedRemoteBlobIsAMissAndTheNextPutRepairsIt() throws Exception {
    Hit original = putAndCorrupt(runner("first"));

    TieredCache second = runner("second");
    assertThat(second.get(key(1))).isEmpty();
    assertThat(second.stats().get(1).corrupt()).isEqualTo(1);
    assertThat(second.stats().get(1).misses()).isEqualTo(1);
    assertThat(second.stats().get(1).disabled()).isFalse();
    put(second, key(1), "the real body " + tmp.getFileName());
    assertThat(second.flush(Duration.ofSeconds(30))).isTrue();

    String repo = repo();
    assertThat(registry.requests("DELETE", "/v2/" + repo + "/blobs/" + original.record().blob()))
        .singleElement()
        .asString()
        .contains("\" 202 ");
    assertRepaired(url(), original);
    // Not by re-uploading the same digest: the registry still holds the corrupt bytes under it.
    assertThat(storedBlob(original.record().blob()))
        .isEqualTo(("the evil body " + tmp.getFileName()).getBytes(StandardCharsets.UTF_8));
    assertThat(warnings).isEmpty();
  }

  @Test
  void whereBlobDeletionIsDisabledTheSaltedFormStillRepairsACorruptBody() throws Exception {
    try (RegistryServer strict = RegistryServer.startWithoutDeletion()) {
      String url = "oci://" + strict.host() + "/cache/strict";
      TieredCache first = runner("first", url, TieredCache.Settings.DEFAULT);
      Hit original = put(first, key(1), "the real body " + tmp.getFileName());
      assertThat(first.flush(Duration.ofSeconds(30))).isTrue();
      Files.write(
          strict.blobData(original.record().blob().hex()),
          "the evil body".getBytes(StandardCharsets.UTF_8));

      TieredCache second = runner("second", url, TieredCache.Settings.DEFAULT);
      assertThat(second.get(key(1))).isEmpty();
      assertThat(second.stats().get(1).corrupt()).isEqualTo(1);
      put(second, key(1), "the real body " + tmp.getFileName());
      assertThat(second.flush(Duration.ofSeconds(30))).isTrue();

      assertThat(strict.requests("DELETE", "/v2/cache/strict/blobs/"))
          .singleElement()
          .asString()
          .contains("\" 405 ");
      assertRepaired(url, original);
      assertThat(warnings).isEmpty();
    }
  }

  @Test
  void aSetGivesEveryRecordInOneRequestAndItsBodiesFillTheLocalTier() throws Exception {
    TieredCache first = runner("first");
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      put(first, key(i), "body " + i);
      keys.add(key(i));
    }
    first.putList("list-one", keys, Duration.ofSeconds(30));
    assertThat(first.flush(Duration.ofSeconds(30))).isTrue();
    assertThat(warnings).isEmpty();
    String repo = repo();
    assertThat(registry.countRequests("PUT", "/v2/" + repo + "/manifests/set-list-one"))
        .isEqualTo(1);

    long manifestGets = registry.countRequests("GET", "/v2/" + repo + "/manifests/");
    long heads = registry.countRequests("HEAD", "/v2/" + repo + "/");
    TieredCache cold = runner("cold");
    assertThat(cold.prefetchList("list-one")).isEqualTo(30);
    assertThat(registry.countRequests("GET", "/v2/" + repo + "/manifests/") - manifestGets)
        .isEqualTo(1);
    assertThat(registry.countRequests("HEAD", "/v2/" + repo + "/")).isEqualTo(heads);
    for (int i = 0; i < 30; i++) {
      Hit hit = cold.get(key(i)).orElseThrow();
      assertThat(hit.tier()).isEqualTo("local");
      assertThat(Files.readString(hit.path())).isEqualTo("body " + i);
    }
    assertThat(cold.stats().get(1).prefetched()).isEqualTo(30);

    // The cold runner used the same actions: its set is the one it read, and is not written again.
    cold.putList("list-one", keys, Duration.ofSeconds(30));
    assertThat(cold.flush(Duration.ofSeconds(30))).isTrue();
    assertThat(registry.countRequests("PUT", "/v2/" + repo + "/manifests/set-list-one"))
        .isEqualTo(1);
  }

  private Hit putAndCorrupt(TieredCache first) throws Exception {
    Hit original = put(first, key(1), "the real body " + tmp.getFileName());
    assertThat(first.flush(Duration.ofSeconds(30))).isTrue();
    corruptBlob(
        original.record().blob(),
        ("the evil body " + tmp.getFileName()).getBytes(StandardCharsets.UTF_8));
    return original;
  }

  /**
   * A later cold runner gets a hit with the good body, from a layer other than the corrupt blob.
   */
  private void assertRepaired(String url, Hit original) throws Exception {
    TieredCache third = runner("third-" + url.hashCode(), url, TieredCache.Settings.DEFAULT);
    Hit hit = third.get(key(1)).orElseThrow();
    assertThat(Files.readString(hit.path())).isEqualTo("the real body " + tmp.getFileName());
    assertThat(hit.record().blob()).isEqualTo(original.record().blob());
    assertThat(third.stats().get(1).corrupt()).isZero();
    assertThat(third.stats().get(1).hits()).isEqualTo(1);
  }

  private String repo() {
    return url().substring(("oci://" + registry.host() + "/").length());
  }

  @Test
  void actionRecordIsATaggedOciManifestWhoseLayerIsTheBody() throws Exception {
    TieredCache cache = runner("one");
    Hit hit = put(cache, key(5), "five " + tmp.getFileName());
    assertThat(cache.flush(Duration.ofSeconds(30))).isTrue();

    String repo = repo();
    try (RemoteStore store = RemoteStores.parse(url(), Map.of())) {
      assertThat(ActionRecord.parse(store.getAction(key(5)).orElseThrow())).isEqualTo(hit.record());
    }
    assertThat(registry.countRequests("PUT", "/v2/" + repo + "/manifests/ac-" + key(5)))
        .isEqualTo(1);
    JsonNode layer =
        new ObjectMapper()
            .readTree(
                OciManifests.action(
                    hit.record(), OciManifests.Layer.raw(hit.record().blob(), hit.record().size())))
            .path("layers")
            .path(0);
    assertThat(layer.path("digest").asText()).isEqualTo(hit.record().blob().toString());
    assertThat(layer.path("size").asLong()).isEqualTo(hit.record().size());
  }

  private Path blobFile(Digest digest) {
    return registry.blobData(digest.hex());
  }
}
