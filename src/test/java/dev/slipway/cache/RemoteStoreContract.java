package dev.slipway.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.Digest;
import dev.slipway.testing.CacheAttacker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every remote backend must do behind the tiered cache, run against a real server. A subclass
 * starts the server and says how to reach, corrupt and inspect it.
 */
abstract class RemoteStoreContract {
  @TempDir Path tmp;
  private final List<TieredCache> runners = new ArrayList<>();
  final List<String> warnings = new CopyOnWriteArrayList<>();

  /** The cache URL of the running server. */
  abstract String url();

  /** A cache URL of the same kind where nothing listens. */
  abstract String downUrl();

  /** Replaces the blob stored for {@code digest} through the server. */
  abstract void corruptBlob(Digest digest, byte[] garbage);

  /** The body the server holds for {@code digest}, or null. */
  abstract byte[] storedBlob(Digest digest);

  @AfterEach
  void closeRunners() {
    runners.forEach(TieredCache::close);
  }

  TieredCache runner(String name, String url, TieredCache.Settings settings) {
    return runner(name, url, settings, CacheTrust.NONE);
  }

  TieredCache runner(String name, String url, TieredCache.Settings settings, CacheTrust trust) {
    TieredCache cache =
        new TieredCache(
            new LocalCache(tmp.resolve(name)),
            List.of(RemoteStores.parse(url, Map.of())),
            warnings::add,
            settings,
            trust);
    runners.add(cache);
    return cache;
  }

  /** A runner of a trusted writer, {@link #RELEASE}. */
  TieredCache trusted(String name) {
    return runner(name, url(), TieredCache.Settings.DEFAULT, RELEASE);
  }

  static final CacheTrust RELEASE =
      CacheTrust.of("a key only release jobs hold".getBytes(UTF_8), "release");

  TieredCache runner(String name) {
    return runner(name, url(), TieredCache.Settings.DEFAULT);
  }

  Hit put(TieredCache cache, String key, String body) throws Exception {
    Path file = Files.createTempFile(tmp, "body", "");
    Files.writeString(file, body);
    return cache.put(key, Digest.sha256Of(("out-" + key).getBytes(UTF_8)), body.length(), file);
  }

  /** A runner "first" puts {@link #putBodies} and flushes them to the remote; returns the keys. */
  List<String> storedByAnotherRunner(int n) throws Exception {
    TieredCache first = runner("first");
    List<String> keys = putBodies(first, n);
    assertThat(first.flush(Duration.ofSeconds(30))).isTrue();
    return keys;
  }

  /** Puts {@code "body " + i} under {@code key(i)} for each i below {@code n}; returns the keys. */
  List<String> putBodies(TieredCache cache, int n) throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      put(cache, key(i), "body " + i);
      keys.add(key(i));
    }
    return keys;
  }

  static String key(int i) {
    return String.format("%064x", i);
  }

  @Test
  void coldRunnerGetsHitsFromTheRemoteAfterAnotherRunnerPut() throws Exception {
    TieredCache first = runner("first");
    long bytes = 0;
    for (int i = 0; i < 3; i++) {
      bytes += put(first, key(i), "body " + i).record().size();
    }
    assertThat(first.flush(Duration.ofSeconds(30))).isTrue();

    TieredCache cold = runner("cold");
    for (int i = 0; i < 3; i++) {
      Hit hit = cold.get(key(i)).orElseThrow();
      assertThat(hit.tier()).isEqualTo(cold.stats().get(1).tier());
      assertThat(Files.readString(hit.path())).isEqualTo("body " + i);
      assertThat(hit.record().outputId())
          .isEqualTo(Digest.sha256Of(("out-" + key(i)).getBytes(UTF_8)));
    }
    for (int i = 0; i < 3; i++) {
      assertThat(cold.get(key(i)).orElseThrow().tier()).isEqualTo("local");
    }

    TierStats firstRemote = first.stats().get(1);
    assertThat(firstRemote.writes()).isEqualTo(3);
    assertThat(firstRemote.bytesWritten()).isEqualTo(bytes);
    TierStats local = cold.stats().get(0);
    TierStats remote = cold.stats().get(1);
    assertThat(local.hits()).isEqualTo(3);
    assertThat(local.misses()).isEqualTo(3);
    assertThat(remote.hits()).isEqualTo(3);
    assertThat(remote.misses()).isZero();
    assertThat(remote.bytesRead()).isEqualTo(bytes);
    assertThat(remote.lookupMillis()).isPositive();
    assertThat(remote.averageMillis()).isPositive();
    assertThat(warnings).isEmpty();
  }

  @Test
  void unknownActionIsAMissInEveryTier() throws Exception {
    TieredCache cache = runner("one");

    assertThat(cache.get(key(99))).isEmpty();

    assertThat(cache.stats().get(0).misses()).isEqualTo(1);
    assertThat(cache.stats().get(1).misses()).isEqualTo(1);
    assertThat(cache.stats().get(1).hits()).isZero();
  }

  @Test
  void corruptedRemoteBlobIsAMissAndTheNextPutRepairsIt() throws Exception {
    TieredCache first = runner("first");
    Hit original = put(first, key(1), "the real body");
    first.flush(Duration.ofSeconds(30));
    corruptBlob(original.record().blob(), "the evil body".getBytes(StandardCharsets.UTF_8));

    TieredCache cold = runner("cold");
    assertThat(cold.get(key(1))).isEmpty();
    TierStats remote = cold.stats().get(1);
    assertThat(remote.misses()).isEqualTo(1);
    assertThat(remote.corrupt()).isEqualTo(1);
    assertThat(remote.hits()).isZero();
    assertThat(cold.local().blobPath(original.record().blob())).doesNotExist();

    put(cold, key(1), "the real body");
    assertThat(cold.flush(Duration.ofSeconds(30))).isTrue();
    assertThat(storedBlob(original.record().blob()))
        .isEqualTo("the real body".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(runner("third").get(key(1)).orElseThrow().path()))
        .isEqualTo("the real body");
    assertThat(warnings).isEmpty();
  }

  @Test
  void remoteThatIsDownGivesOneWarningAndTheCacheKeepsWorkingLocally() throws Exception {
    TieredCache cache = runner("down", downUrl(), TieredCache.Settings.DEFAULT);
    for (int i = 0; i < 5; i++) {
      put(cache, key(i), "body " + i);
      assertThat(cache.get(key(100 + i))).isEmpty();
    }
    assertThat(cache.flush(Duration.ofSeconds(30))).isTrue();
    assertThat(cache.prefetch(List.of(key(200), key(201)))).isZero();
    for (int i = 0; i < 5; i++) {
      assertThat(Files.readString(cache.get(key(i)).orElseThrow().path())).isEqualTo("body " + i);
    }

    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains(cache.stats().get(1).tier()).contains("local cache");
    TierStats remote = cache.stats().get(1);
    assertThat(remote.disabled()).isTrue();
    assertThat(remote.hits()).isZero();
    assertThat(remote.writes()).isZero();
    assertThat(cache.stats().get(0).hits()).isEqualTo(5);
    assertThat(cache.stats().get(0).writes()).isEqualTo(5);
  }

  @Test
  void backgroundWritesAreAllVisibleRemotelyAfterFlush() throws Exception {
    TieredCache cache = runner("writer", url(), new TieredCache.Settings(2, 3, 4));
    List<Hit> hits = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      hits.add(put(cache, key(i), "body number " + i));
    }
    assertThat(cache.flush(Duration.ofSeconds(60))).isTrue();

    try (RemoteStore store = RemoteStores.parse(url(), Map.of())) {
      for (int i = 0; i < 40; i++) {
        ActionRecord record = ActionRecord.parse(store.getAction(key(i)).orElseThrow());
        assertThat(record).isEqualTo(hits.get(i).record());
        assertThat(storedBlob(record.blob()))
            .isEqualTo(("body number " + i).getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(cache.stats().get(1).writes()).isEqualTo(40);
  }

  @Test
  void prefetchBringsWhatAnotherRunnerStoredIntoTheLocalTier() throws Exception {
    List<String> keys = storedByAnotherRunner(20);
    TieredCache cold = runner("cold");
    List<String> wanted = new ArrayList<>(keys);
    wanted.add(key(500));
    int fetched = cold.prefetch(wanted);
    assertThat(warnings).isEmpty();
    assertThat(fetched).isEqualTo(20);
    for (String key : keys) {
      assertThat(cold.get(key).orElseThrow().tier()).isEqualTo("local");
    }

    TierStats remote = cold.stats().get(1);
    assertThat(remote.prefetched()).isEqualTo(20);
    assertThat(remote.hits()).isZero();
    assertThat(cold.stats().get(0).hits()).isEqualTo(20);
  }

  /**
   * Records filled from the remote are served from memory while go runs and written to the local
   * tier by the save (or a flush or close), so the next build on this runner finds them with the
   * remote gone; a put by go after a fill of the same key wins.
   */
  @Test
  void filledRecordsReachTheLocalTierWhenSavedAndAPutOfTheSameKeyWins() throws Exception {
    List<String> keys = storedByAnotherRunner(5);
    TieredCache cold = runner("cold");
    assertThat(cold.prefetch(keys.subList(0, 4))).isEqualTo(4);
    assertThat(cold.get(key(4)).orElseThrow().tier()).isEqualTo(cold.stats().get(1).tier());
    Hit rebuilt = put(cold, key(0), "rebuilt 0"); // go rebuilt an action it had a record of
    cold.saveFilledRecords();

    TieredCache later =
        new TieredCache(
            new LocalCache(tmp.resolve("cold")),
            List.of(RemoteStores.parse(downUrl(), Map.of())),
            w -> {});
    try (later) {
      assertThat(later.get(key(0)).orElseThrow().record()).isEqualTo(rebuilt.record());
      for (int i = 1; i < 5; i++) {
        Hit hit = later.get(key(i)).orElseThrow();
        assertThat(hit.tier()).isEqualTo("local");
        assertThat(Files.readString(hit.path())).isEqualTo("body " + i);
      }
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void aTrustedRunnerUsesOnlyRecordsTaggedWithItsKeyAndReplacesTheOthers() throws Exception {
    TieredCache untrusted = runner("untrusted");
    put(untrusted, key(1), "an untrusted job's body");
    assertThat(untrusted.flush(Duration.ofSeconds(30))).isTrue();
    TieredCache release = trusted("release");
    put(release, key(2), "a release job's body");
    assertThat(release.flush(Duration.ofSeconds(30))).isTrue();
    try (RemoteStore store = RemoteStores.parse(url(), Map.of())) {
      ActionRecord tagged = ActionRecord.parse(store.getAction(key(2)).orElseThrow());
      assertThat(tagged.writer()).isEqualTo("release");
      assertThat(RELEASE.admits(key(2), tagged)).isTrue();
      assertThat(ActionRecord.parse(store.getAction(key(1)).orElseThrow()).isTagged()).isFalse();
    }

    TieredCache cold = trusted("cold");
    assertThat(cold.get(key(1))).isEmpty();
    assertThat(cold.get(key(1))).isEmpty(); // refused once, not asked again
    assertThat(cold.get(key(2)).orElseThrow().record().writer()).isEqualTo("release");
    TierStats remote = cold.stats().get(1);
    assertThat(remote.untrusted()).isEqualTo(1);
    assertThat(remote.misses()).isEqualTo(2);
    assertThat(remote.writers()).containsOnly(Map.entry("release", 1L));
    assertThat(warnings).singleElement().asString().contains(remote.tier()).contains("trust tag");

    // go compiles the action again; its tagged record replaces the untrusted one.
    put(cold, key(1), "the body go compiled");
    assertThat(cold.flush(Duration.ofSeconds(30))).isTrue();
    TieredCache next = trusted("next");
    assertThat(Files.readString(next.get(key(1)).orElseThrow().path()))
        .isEqualTo("the body go compiled");
    assertThat(next.stats().get(1).untrusted()).isZero();

    // A runner without the key reads tagged records too, under the writer they name.
    TieredCache reader = runner("reader");
    assertThat(reader.get(key(2))).isPresent();
    assertThat(reader.stats().get(1).writers()).containsOnly(Map.entry("release", 1L));
  }

  /**
   * A list or action set read ahead of go is checked record by record: an attacker who rewrote one
   * entry (and, where the backend keeps sets, the set) loses only that entry to a trusted runner.
   */
  @Test
  void prefetchedListsAndSetsAreCheckedRecordByRecord() throws Exception {
    TieredCache release = trusted("release");
    List<String> keys = putBodies(release, 6);
    release.putList("list-trust", keys, Duration.ofSeconds(30));
    assertThat(release.flush(Duration.ofSeconds(30))).isTrue();
    CacheAttacker.overwrite(
        url(),
        keys.get(3),
        "an attacker's body".getBytes(UTF_8),
        Optional.of("list-trust"),
        tmp.resolve("attacker"));

    TieredCache cold = trusted("cold");
    assertThat(cold.prefetchList("list-trust")).isEqualTo(5);
    for (String key : keys) {
      assertThat(cold.get(key).isPresent()).as(key).isEqualTo(!key.equals(keys.get(3)));
    }
    assertThat(cold.stats().get(1).untrusted()).isEqualTo(1);
    assertThat(cold.stats().get(1).writers()).containsOnly(Map.entry("release", 5L));

    TieredCache untrusted = runner("untrusted");
    assertThat(untrusted.prefetchList("list-trust")).isEqualTo(6);
    assertThat(Files.readString(untrusted.get(keys.get(3)).orElseThrow().path()))
        .isEqualTo("an attacker's body");
    for (String key : keys) {
      untrusted.get(key);
    }
    assertThat(untrusted.stats().get(1).writers())
        .containsOnly(Map.entry("release", 5L), Map.entry(CacheTrust.UNTAGGED, 1L));
  }

  @Test
  void aReadOnlyRemoteIsReadButNeverWritten() throws Exception {
    List<String> keys = storedByAnotherRunner(2);
    String readOnly = url() + (url().contains("?") ? "&" : "?") + "mode=ro";
    TieredCache pr = runner("pull-request", readOnly, TieredCache.Settings.DEFAULT);
    assertThat(pr.get(keys.get(0))).isPresent();
    Hit own = put(pr, key(50), "a pull request's own output");
    pr.putList("list-pr", List.of(keys.get(0), key(50)), Duration.ofSeconds(30));
    assertThat(pr.flush(Duration.ofSeconds(30))).isTrue();

    TierStats remote = pr.stats().get(1);
    assertThat(remote.readOnly()).isTrue();
    assertThat(remote.writes()).isZero();
    assertThat(remote.hits()).isEqualTo(1);
    assertThat(pr.stats().get(0).writes()).isEqualTo(2); // the local tier is written as ever
    try (RemoteStore store = RemoteStores.parse(url(), Map.of());
        RemoteStore ro = RemoteStores.parse(readOnly, Map.of())) {
      // Even a caller that writes past the tiers (module files) reaches nothing.
      ro.putBlob(own.record().blob(), own.path(), own.record().size());
      ro.putAction(key(51), own.record().encode());
      assertThat(store.getAction(key(50))).isEmpty();
      assertThat(store.getAction(key(51))).isEmpty();
      assertThat(store.getAction("list-pr")).isEmpty();
      assertThat(store.getActionSet("list-pr")).isEmpty();
      assertThat(storedBlob(own.record().blob())).isNull();
    }
    assertThat(warnings).isEmpty();
  }
}
