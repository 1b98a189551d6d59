package dev.slipway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.BlobSource;
import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.registry.RegistryClient;
import dev.slipway.registry.RegistryOptions;
import dev.slipway.testing.FaultProxy;
import dev.slipway.testing.RegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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
    return "oci://"
        + registry.host()
        + "/cache/"
        + tmp.getFileName().toString().toLowerCase(Locale.ROOT);
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
      Path file = blobFile(digest);
      return Files.exists(file) ? Files.readAllBytes(file) : null;
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
        .extracting(FaultProxy.Exchange::status)
        .isEqualTo(202);
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
          .extracting(FaultProxy.Exchange::status)
          .isEqualTo(405);
      assertRepaired(url, original);
      assertThat(warnings).isEmpty();
    }
  }

  /**
   * A lookup made while a cold runner is still reading the set (held at the proxy) waits for it and
   * is served by the set's fill: no request of its own, and the body comes from the pack, even when
   * the body's own blob is corrupt, which an early lookup would have read.
   */
  @Test
  void aLookupDuringTheSetReadWaitsForTheSetAndIsServedFromItsPack() throws Exception {
    TieredCache first = runner("first");
    List<String> keys = putBodies(first, 8);
    first.putList("list-held", keys, Duration.ofSeconds(30));
    assertThat(first.flush(Duration.ofSeconds(30))).isTrue();
    String repo = repo();
    Hit stored = first.get(keys.get(3)).orElseThrow();
    Files.write(registry.blobData(stored.record().blob().hex()), new byte[] {1, 2, 3});

    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (FaultProxy proxy =
        FaultProxy.start(registry.host()).hold("GET", "/manifests/set-list-held", held, release)) {
      TieredCache cold =
          runner(
              "cold", url().replace(registry.host(), proxy.host()), TieredCache.Settings.DEFAULT);
      CompletableFuture<Integer> prefetch = cold.prefetchListAsync("list-held", pool);
      assertThat(held.await(30, TimeUnit.SECONDS)).as("the set's request is held").isTrue();
      AtomicReference<Thread> looker = new AtomicReference<>();
      Future<Optional<Hit>> lookup =
          pool.submit(
              () -> {
                looker.set(Thread.currentThread());
                return cold.get(keys.get(3));
              });
      // Released once the lookup waits for the set, or has asked on its own (which fails below).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!waitsForTheSet(looker.get())
          && proxy.exchanges("GET", "/v2/" + repo + "/manifests/ac-").isEmpty()) {
        assertThat(System.nanoTime()).as("the lookup started").isLessThan(deadline);
        LockSupport.parkNanos(1_000_000);
      }
      release.countDown();
      Hit hit = lookup.get(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(Files.readString(hit.path())).isEqualTo("body 3");
      assertThat(prefetch.get(30, TimeUnit.SECONDS)).isEqualTo(8);
      assertThat(proxy.exchanges("GET", "/v2/" + repo + "/manifests/ac-")).isEmpty();
      assertThat(cold.stats().get(1).corrupt()).isZero();
      assertThat(cold.stats().get(1).misses()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean waitsForTheSet(Thread thread) {
    return thread != null
        && Arrays.stream(thread.getStackTrace())
            .anyMatch(
                f ->
                    f.getClassName().equals(ListPrefetch.class.getName())
                        && f.getMethodName().equals("awaitSet"));
  }

  @Test
  void aSetGivesEveryRecordInOneRequestAndItsBodiesFillTheLocalTier() throws Exception {
    TieredCache first = runner("first");
    List<String> keys = putBodies(first, 30);
    first.putList("list-one", keys, Duration.ofSeconds(30));
    assertThat(first.flush(Duration.ofSeconds(30))).isTrue();
    assertThat(warnings).isEmpty();
    String repo = repo();
    assertThat(registry.countRequests("PUT", "/v2/" + repo + "/manifests/set-list-one"))
        .isEqualTo(1);

    long manifestGets = registry.countRequests("GET", "/v2/" + repo + "/manifests/");
    long blobGets = registry.countRequests("GET", "/v2/" + repo + "/blobs/");
    long heads = registry.countRequests("HEAD", "/v2/" + repo + "/");
    TieredCache cold = runner("cold");
    assertThat(cold.prefetchList("list-one")).isEqualTo(30);
    assertThat(registry.countRequests("GET", "/v2/" + repo + "/manifests/") - manifestGets)
        .isEqualTo(1);
    // Every body is small, so all 30 come from the set's pack: one blob GET.
    assertThat(registry.countRequests("GET", "/v2/" + repo + "/blobs/") - blobGets).isEqualTo(1);
    assertThat(registry.countRequests("HEAD", "/v2/" + repo + "/")).isEqualTo(heads);
    for (int i = 0; i < 30; i++) {
      Hit hit = cold.get(key(i)).orElseThrow();
      assertThat(hit.tier()).isEqualTo("local");
      assertThat(Files.readString(hit.path())).isEqualTo("body " + i);
    }
    assertThat(cold.stats().get(1).prefetched()).isEqualTo(30);

    // The cold runner used the same actions: its set is the one it read, and is not written again.
    long uploads = registry.countRequests("POST", "/v2/" + repo + "/blobs/uploads/");
    cold.putList("list-one", keys, Duration.ofSeconds(30));
    assertThat(cold.flush(Duration.ofSeconds(30))).isTrue();
    assertThat(registry.countRequests("PUT", "/v2/" + repo + "/manifests/set-list-one"))
        .isEqualTo(1);
    assertThat(registry.countRequests("POST", "/v2/" + repo + "/blobs/uploads/"))
        .isEqualTo(uploads);
  }

  @Test
  void largeBodiesAreReadOneByOneAndSmallOnesFromThePack() throws Exception {
    Map<String, String> bodies = new LinkedHashMap<>();
    for (int i = 0; i < 12; i++) {
      String body =
          (i % 4 == 0 ? ("large " + i + " ").repeat(10_000) : "small " + i) + tmp.getFileName();
      bodies.put(key(i), body);
    }
    writeSet("list-mixed", bodies);

    // Three bodies are over the pack's 64 KiB limit: one GET each, and one for the other nine.
    assertColdRunnerGetsEveryBody("list-mixed", bodies, 4);
  }

  @Test
  void aCorruptPackCostsOneRequestAndTheBodiesComeOneByOne() throws Exception {
    Map<String, String> bodies = smallBodies(10);
    writeSet("list-corrupt-pack", bodies);
    Digest pack = packOf("list-corrupt-pack");
    Files.write(registry.blobData(pack.hex()), "not the pack".getBytes(StandardCharsets.UTF_8));

    // The pack is only a faster way to the bodies: its damage is neither a corrupt body nor a
    // failure of the remote.
    TieredCache cold = assertColdRunnerGetsEveryBody("list-corrupt-pack", bodies, 11);

    // That runner writes the set again, with the pack salted under a new digest (distribution
    // would link the corrupt bytes again to the old one), so the next runner gets one GET again.
    cold.putList("list-corrupt-pack", List.copyOf(bodies.keySet()), Duration.ofSeconds(30));
    assertThat(cold.flush(Duration.ofSeconds(30))).isTrue();
    OciManifests.Pack replaced = readSet("list-corrupt-pack").pack().orElseThrow();
    assertThat(replaced.blob()).isNotEqualTo(pack);
    assertThat(replaced.start()).isEqualTo(OciManifests.SALT_LENGTH);
    assertColdRunnerGetsEveryBody("list-corrupt-pack", bodies, 1);
  }

  @Test
  void aPackWhoseIndexLiesAboutABodyServesTheOthersAndThatBodyComesFromItsOwnBlob()
      throws Exception {
    Map<String, String> bodies = smallBodies(10);
    writeSet("list-honest", bodies);
    OciManifests.ActionSet honest = readSet("list-honest");
    OciManifests.Pack pack = honest.pack().orElseThrow();
    // Swap the bytes of two bodies of the same size: the index is well formed, the blob is
    // verified by its own digest, and two slices are not the bodies they claim to be.
    List<OciManifests.Slice> slices = pack.slices();
    byte[] bytes = Files.readAllBytes(registry.blobData(pack.blob().hex()));
    byte[] swapped = bytes.clone();
    OciManifests.Slice first = slices.get(0);
    OciManifests.Slice second = slices.get(1);
    assertThat(first.size()).isEqualTo(second.size());
    System.arraycopy(
        bytes, (int) first.offset(), swapped, (int) second.offset(), (int) first.size());
    System.arraycopy(
        bytes, (int) second.offset(), swapped, (int) first.offset(), (int) first.size());
    try (RegistryClient client = RegistryClient.create(RegistryOptions.defaults(System.getenv()))) {
      BlobSource blob = BlobSource.ofBytes(swapped);
      ImageReference ref = ImageReference.parse(registry.host() + "/" + repo());
      client.pushBlob(ref, blob, Optional.empty());
      client.putManifest(
          ref.withTag(OciManifests.setTag("list-lying")),
          OciManifests.set(
              List.copyOf(honest.actions().values()),
              Optional.of(new OciManifests.Pack(blob.digest(), pack.size(), slices))),
          OciManifests.MANIFEST_TYPE);
    }

    assertColdRunnerGetsEveryBody("list-lying", bodies, 3);
  }

  /**
   * Bodies of equal length, so the first two slices of their pack have the same size; unique to the
   * test, since the registry's blob store is shared by every repository.
   */
  private Map<String, String> smallBodies(int n) {
    String test = Digest.sha256Of(tmp.toString().getBytes(StandardCharsets.UTF_8)).shortHex();
    Map<String, String> bodies = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      bodies.put(key(i), "small body " + test + " " + (char) ('a' + i));
    }
    return bodies;
  }

  /** A first runner puts the bodies and writes their set under {@code listKey}. */
  private void writeSet(String listKey, Map<String, String> bodies) throws Exception {
    TieredCache first = runner("first-" + listKey);
    for (Map.Entry<String, String> body : bodies.entrySet()) {
      put(first, body.getKey(), body.getValue());
    }
    first.putList(listKey, List.copyOf(bodies.keySet()), Duration.ofSeconds(30));
    assertThat(first.flush(Duration.ofSeconds(30))).isTrue();
    assertThat(warnings).isEmpty();
  }

  private OciManifests.ActionSet readSet(String listKey) throws Exception {
    try (RegistryClient client = RegistryClient.create(RegistryOptions.defaults(System.getenv()))) {
      ImageReference ref =
          ImageReference.parse(registry.host() + "/" + repo())
              .withTag(OciManifests.setTag(listKey));
      return OciManifests.parseSet(client.findManifest(ref).orElseThrow().bytes());
    }
  }

  private Digest packOf(String listKey) throws Exception {
    return readSet(listKey).pack().orElseThrow().blob();
  }

  /**
   * A new cold runner prefetches the set under {@code listKey} with {@code blobGets} blob requests
   * and then has every body in its local tier, with the right bytes, nothing counted corrupt and no
   * warning; returns that runner.
   */
  private TieredCache assertColdRunnerGetsEveryBody(
      String listKey, Map<String, String> bodies, int blobGets) throws Exception {
    String blobs = "/v2/" + repo() + "/blobs/";
    long before = registry.countRequests("GET", blobs);
    TieredCache cold = runner("cold-" + UUID.randomUUID());
    assertThat(cold.prefetchList(listKey)).isEqualTo(bodies.size());
    assertThat(registry.countRequests("GET", blobs) - before).isEqualTo(blobGets);
    for (Map.Entry<String, String> body : bodies.entrySet()) {
      Hit hit = cold.get(body.getKey()).orElseThrow();
      assertThat(hit.tier()).isEqualTo("local");
      assertThat(Files.readString(hit.path())).isEqualTo(body.getValue());
    }
    assertThat(cold.stats().get(1).corrupt()).isZero();
    assertThat(warnings).isEmpty();
    return cold;
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
