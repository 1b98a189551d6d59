package dev.slipway.modules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.Digest;
import dev.slipway.core.ModuleVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module store's remote tier, against an in-memory remote that can be tampered with or made to
 * fail (the real backends are covered end to end by SharedModulesEndToEndTest).
 */
class RemoteModulesTest {
  @TempDir Path dir;
  private Path upstreamRoot;
  private Expected goSum;
  private final List<String> warnings = new CopyOnWriteArrayList<>();

  /** A remote in memory; {@code failing} makes every call throw, as an unreachable one does. */
  static final class MemoryRemote implements ModuleRemote {
    final Map<String, byte[]> records = new ConcurrentHashMap<>();
    final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean failing;

    private void call() throws IOException {
      calls.incrementAndGet();
      if (failing) {
        throw new IOException("memory://remote: connection refused");
      }
    }

    @Override
    public String name() {
      return "memory://remote";
    }

    @Override
    public Optional<byte[]> getRecord(String key) throws IOException {
      call();
      return Optional.ofNullable(records.get(key));
    }

    @Override
    public void putRecord(String key, byte[] value) throws IOException {
      call();
      records.put(key, value);
    }

    @Override
    public boolean getBlob(Digest digest, Path dest) throws IOException {
      call();
      byte[] b = blobs.get(digest);
      if (b == null) {
        return false;
      }
      Files.write(dest, b);
      return true;
    }

    @Override
    public void putBlob(Digest digest, Path source, long size) throws IOException {
      call();
      blobs.put(digest, Files.readAllBytes(source));
    }

    @Override
    public void close() {}
  }

  @BeforeEach
  void setUp() throws Exception {
    upstreamRoot = dir.resolve("upstream");
    Fixtures.publishAll(upstreamRoot);
    goSum =
        Expected.of(
            Map.of(Fixtures.GREET, h1Zip(Fixtures.GREET)),
            Map.of(Fixtures.GREET, h1Mod(Fixtures.GREET)));
  }

  private String h1Zip(ModuleVersion mv) throws IOException {
    return Hash1.ofZip(Fixtures.zipIn(upstreamRoot, mv));
  }

  private String h1Mod(ModuleVersion mv) throws IOException {
    return Hash1.ofGoMod(
        Files.readAllBytes(Fixtures.zipIn(upstreamRoot, mv).resolveSibling(mv.version() + ".mod")));
  }

  private ModuleFetcher fetcher(String store, RemoteModules remotes, boolean withUpstream) {
    Upstream upstream =
        withUpstream
            ? new Upstream(
                List.of(new GoProxySettings.Entry(upstreamRoot.toUri().toString(), false)),
                Duration.ofSeconds(10))
            : null;
    return new ModuleFetcher(
        new ModuleStore(dir.resolve(store)), upstream, goSum, false, remotes, new ModuleStats());
  }

  @Test
  void aModuleFetchedFromUpstreamIsUploadedAndAFreshStoreGetsItFromTheRemoteAlone()
      throws Exception {
    MemoryRemote remote = new MemoryRemote();
    RemoteModules one = new RemoteModules(List.of(remote), warnings::add);
    ModuleFetcher first = fetcher("one", one, true);
    assertThat(first.ensure(Fixtures.GREET, true, null).tier()).isEqualTo(Tier.UPSTREAM);
    assertThat(one.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(remote.records).containsKey(RemoteModules.indexKey(Fixtures.GREET));

    ModuleFetcher fresh = fetcher("two", new RemoteModules(List.of(remote), warnings::add), false);
    ModuleFetcher.Fetched got = fresh.ensure(Fixtures.GREET, true, null);

    assertThat(got.tier()).isEqualTo(Tier.REMOTE);
    assertThat(got.module().zipHash()).isEqualTo(goSum.zipHash(Fixtures.GREET));
    assertThat(fresh.stats().acquired())
        .extracting(ModuleStats.Acquired::file, ModuleStats.Acquired::source)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("mod", "memory://remote"),
            org.assertj.core.groups.Tuple.tuple("zip", "memory://remote"));
    assertThat(warnings).isEmpty();
  }

  @Test
  void aTamperedZipIsRefusedNamedFetchedFromUpstreamAndOverwritten() throws Exception {
    MemoryRemote remote = new MemoryRemote();
    RemoteModules one = new RemoteModules(List.of(remote), warnings::add);
    fetcher("one", one, true).ensure(Fixtures.GREET, true, null);
    one.flush(Duration.ofSeconds(10));
    StoredModule listed =
        StoredModule.fromIndex(
            new String(
                remote.records.get(RemoteModules.indexKey(Fixtures.GREET)),
                StandardCharsets.UTF_8));
    Digest zip = listed.zip().orElseThrow();
    byte[] good = remote.blobs.get(zip);
    Path evil =
        Fixtures.moduleZip(
            dir.resolve("evil.zip"),
            Fixtures.GREET,
            Map.of("go.mod", "module example.com/greet\n", "greet.go", "package greet\n"));
    remote.blobs.put(zip, Files.readAllBytes(evil));

    RemoteModules two = new RemoteModules(List.of(remote), warnings::add);
    ModuleFetcher.Fetched got = fetcher("two", two, true).ensure(Fixtures.GREET, true, null);
    two.flush(Duration.ofSeconds(10));

    assertThat(got.tier()).isEqualTo(Tier.UPSTREAM);
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("memory://remote")
        .contains("refused its copy of example.com/greet@v1.0.0")
        .contains("checksum mismatch");
    assertThat(remote.blobs.get(zip)).isEqualTo(good);
  }

  @Test
  void anIndexThatNamesAnotherModulesZipIsRefusedAndOverwritten() throws Exception {
    goSum =
        Expected.of(
            Map.of(Fixtures.GREET, h1Zip(Fixtures.GREET), Fixtures.UTIL, h1Zip(Fixtures.UTIL)),
            Map.of(Fixtures.GREET, h1Mod(Fixtures.GREET), Fixtures.UTIL, h1Mod(Fixtures.UTIL)));
    MemoryRemote remote = new MemoryRemote();
    RemoteModules one = new RemoteModules(List.of(remote), warnings::add);
    ModuleFetcher first = fetcher("one", one, true);
    first.ensure(Fixtures.GREET, true, null);
    StoredModule util = first.ensure(Fixtures.UTIL, true, null).module();
    one.flush(Duration.ofSeconds(10));
    String greetKey = RemoteModules.indexKey(Fixtures.GREET);
    byte[] good = remote.records.get(greetKey);
    String forged =
        new String(good, StandardCharsets.UTF_8)
            .replaceAll("zip sha256:\\w+", "zip " + util.zip().orElseThrow())
            .replaceAll("ziphash \\S+", "ziphash " + util.zipHash().orElseThrow());
    remote.records.put(greetKey, forged.getBytes(StandardCharsets.UTF_8));

    RemoteModules two = new RemoteModules(List.of(remote), warnings::add);
    ModuleFetcher.Fetched got = fetcher("two", two, true).ensure(Fixtures.GREET, true, null);
    two.flush(Duration.ofSeconds(10));

    assertThat(got.tier()).isEqualTo(Tier.UPSTREAM);
    assertThat(warnings).singleElement().asString().contains("example.com/greet@v1.0.0");
    assertThat(remote.records.get(greetKey)).isEqualTo(good);
  }

  @Test
  void aFailingRemoteWarnsOnceAndIsLeftAloneForTheRestOfTheRun() throws Exception {
    MemoryRemote remote = new MemoryRemote();
    remote.failing = true;
    RemoteModules remotes = new RemoteModules(List.of(remote), warnings::add);
    goSum =
        Expected.of(
            Map.of(Fixtures.GREET, h1Zip(Fixtures.GREET), Fixtures.UTIL, h1Zip(Fixtures.UTIL)),
            Map.of(Fixtures.GREET, h1Mod(Fixtures.GREET), Fixtures.UTIL, h1Mod(Fixtures.UTIL)));
    ModuleFetcher fetcher = fetcher("one", remotes, true);

    assertThat(fetcher.ensure(Fixtures.GREET, true, null).tier()).isEqualTo(Tier.UPSTREAM);
    assertThat(fetcher.ensure(Fixtures.UTIL, true, null).tier()).isEqualTo(Tier.UPSTREAM);
    remotes.flush(Duration.ofSeconds(10));

    assertThat(remote.calls.get()).isEqualTo(1);
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("remote cache memory://remote failed while reading modules (connection refused)");
  }

  @Test
  void aProxyThatTrustsUnlistedModulesNeverReadsARemote() throws Exception {
    MemoryRemote remote = new MemoryRemote();
    ModuleFetcher trusting =
        new ModuleFetcher(
            new ModuleStore(dir.resolve("one")),
            new Upstream(
                List.of(new GoProxySettings.Entry(upstreamRoot.toUri().toString(), false)),
                Duration.ofSeconds(10)),
            Expected.none(),
            true,
            new RemoteModules(List.of(remote), warnings::add),
            new ModuleStats());

    assertThat(trusting.ensure(Fixtures.GREET, true, null).tier()).isEqualTo(Tier.UPSTREAM);
    assertThat(remote.calls.get()).isZero();
  }
}
