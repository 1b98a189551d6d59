package dev.slipway.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.BuildFailedException;
import dev.slipway.core.ModuleVersion;
import dev.slipway.testing.FileTrees;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real go command building through the loopback proxy. */
@Tag("integration")
class ModuleProxyIntegrationTest {
  private static final List<ModuleVersion> ALL =
      List.of(Fixtures.GREET, Fixtures.UTIL, Fixtures.WORDS);

  @TempDir Path dir;
  private Path upstream;
  private Path app;
  private Expected goSum;
  private ModuleStore store;

  @BeforeEach
  void setUp() throws Exception {
    // go.sum as the real go writes it, straight from the file:// tree
    Fixtures.TidyApp fixture = Fixtures.tidyApp(dir);
    upstream = fixture.upstream();
    app = fixture.app();
    goSum = Fixtures.expectedFrom(app.resolve("go.sum"));
    store = new ModuleStore(dir.resolve("cache"));
  }

  private GoProxySettings settings(String goproxy, String goprivate) throws Exception {
    return GoProxySettings.fromGoEnv(Map.of("GOPROXY", goproxy, "GOPRIVATE", goprivate));
  }

  private Fixtures.GoResult build(ModuleProxy proxy, String runner) throws Exception {
    return Fixtures.go(
        app,
        Map.of(
            "GOPROXY", proxy.goProxyValue(),
            "GOMODCACHE", dir.resolve(runner + "-modcache").toString()),
        "build",
        "-o",
        dir.resolve(runner + "-bin").toString(),
        ".");
  }

  @Test
  void aProjectBuildsThroughTheProxyAndASecondRunnerBuildsOfflineFromTheStoreAlone()
      throws Exception {
    try (ModuleProxy proxy =
        ModuleProxy.start(
            store,
            settings(upstream.toUri().toString(), ""),
            goSum,
            ModuleProxy.Options.loopback())) {
      Fixtures.GoResult r = build(proxy, "first");
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(proxy.stats().served())
          .filteredOn(s -> s.file().equals("zip"))
          .extracting(ModuleStats.Served::module)
          .containsExactlyInAnyOrderElementsOf(ALL);
      // each zip came from upstream once; a .mod asked after its zip comes from the store
      assertThat(proxy.stats().served())
          .filteredOn(s -> s.file().equals("zip"))
          .allMatch(s -> s.tier() == Tier.UPSTREAM);
    }
    for (ModuleVersion mv : ALL) {
      assertThat(store.get(mv)).hasValueSatisfying(sm -> assertThat(sm.hasZip()).isTrue());
    }

    try (var files = Files.walk(upstream)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    try (ModuleProxy offline =
        ModuleProxy.start(
            store, settings("off", ""), goSum, ModuleProxy.Options.loopback().withOffline(true))) {
      Fixtures.GoResult r = build(offline, "second");
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(offline.missing()).isEmpty();
      assertThat(offline.stats().served()).isNotEmpty().allMatch(s -> s.tier().isHit());
      assertThat(offline.stats().misses()).isZero();
    }
    Fixtures.GoResult run = Fixtures.go(app, Map.of(), "version");
    assertThat(run.exit()).isZero();
    Process p = new ProcessBuilder(dir.resolve("second-bin").toString()).start();
    assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("hello gopher!\n");
  }

  @Test
  void anOfflineBuildMissingModulesListsEveryOneOfThem() throws Exception {
    try (ModuleProxy offline =
        ModuleProxy.start(
            store, settings("off", ""), goSum, ModuleProxy.Options.loopback().withOffline(true))) {
      Fixtures.GoResult r = build(offline, "empty");
      assertThat(r.exit()).isNotZero();
      assertThatThrownBy(offline::checkNoFailures)
          .isInstanceOf(BuildFailedException.class)
          .hasMessageContaining("not in the Slipway store")
          .hasMessageContaining(Fixtures.GREET.toString())
          .hasMessageContaining(Fixtures.WORDS.toString());
    }
  }

  @Test
  void aTamperedUpstreamZipIsRefusedThenAGoodUpstreamWorks() throws Exception {
    Path evil = dir.resolve("evil");
    FileTrees.copy(upstream, evil);
    Path zip = Fixtures.zipIn(evil, Fixtures.GREET);
    byte[] bytes = Files.readAllBytes(zip);
    int at = indexOf(bytes, "hello ".getBytes(StandardCharsets.UTF_8));
    bytes[at] = 'j'; // one byte: "jello "
    Files.write(zip, bytes);
    String expected = goSum.zipHash(Fixtures.GREET).orElseThrow();
    String got = Hash1.ofZip(zip);

    try (ModuleProxy proxy =
        ModuleProxy.start(
            store, settings(evil.toUri().toString(), ""), goSum, ModuleProxy.Options.loopback())) {
      Fixtures.GoResult r = build(proxy, "tampered");
      assertThat(r.exit()).isNotZero();
      assertThat(r.output()).contains("example.com/greet@v1.0.0").contains(expected).contains(got);
      assertThat(proxy.failures())
          .singleElement()
          .isInstanceOf(ChecksumMismatchException.class)
          .satisfies(
              e ->
                  assertThat(e.getMessage())
                      .contains("example.com/greet@v1.0.0", expected, got, "nothing was admitted"));
    }
    assertThat(store.get(Fixtures.GREET).filter(StoredModule::hasZip)).isEmpty();

    try (ModuleProxy proxy =
        ModuleProxy.start(
            store,
            settings(upstream.toUri().toString(), ""),
            goSum,
            ModuleProxy.Options.loopback())) {
      Fixtures.GoResult r = build(proxy, "good");
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(proxy.failures()).isEmpty();
    }
  }

  @Test
  void privateModulesAreNotServed() throws Exception {
    try (ModuleProxy proxy =
        ModuleProxy.start(
            store,
            settings(upstream.toUri().toString(), "example.com/gr*"),
            goSum,
            ModuleProxy.Options.loopback())) {
      HttpURLConnection c =
          (HttpURLConnection)
              new URL(proxy.uri() + "/example.com/greet/@v/v1.0.0.mod").openConnection();
      assertThat(c.getResponseCode()).isEqualTo(404);
      assertThat(new String(c.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
          .contains("GONOPROXY/GOPRIVATE");
      HttpURLConnection ok =
          (HttpURLConnection)
              new URL(proxy.uri() + "/example.com/!upper/words/@v/v1.2.0.mod").openConnection();
      assertThat(ok.getResponseCode()).isEqualTo(200);
    }
  }

  @Test
  void everyBadPathGetsAStatusAndATextBody() throws Exception {
    List<String> paths =
        List.of(
            "/foo%3Cbar/@v/list",
            "/foo%22bar/@v/list",
            "/foo%20bar/@v/list",
            "/foo%0Abar/@v/list",
            "/foo%3Cbar/@latest",
            "/foo%7Bbar/@v/v1.0.0.info",
            "/example.com/%0A/@v/v1.0.0.mod",
            "/example.com/!!x/@v/list",
            "/example.com/Greet/@v/list",
            "/example.com/greet/@v/v1%3C.mod",
            "/example.com/greet/@v/%0A.zip",
            "/example.com/greet/@v/v1.0.0.exe",
            "/sumdb/sum.golang.org/lookup/foo%3Cbar@v1.0.0",
            "/sumdb/%3C%22/supported",
            "/%0A");
    try (ModuleProxy proxy =
        ModuleProxy.start(
            store,
            settings(upstream.toUri().toString(), ""),
            goSum,
            ModuleProxy.Options.loopback())) {
      for (String path : paths) {
        HttpURLConnection c = (HttpURLConnection) new URL(proxy.uri() + path).openConnection();
        c.setReadTimeout(10_000);
        int code = c.getResponseCode();
        assertThat(code).as(path).isIn(400, 404);
        assertThat(c.getContentType()).as(path).startsWith("text/plain");
        assertThat(new String(c.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
            .as(path)
            .isNotBlank();
      }
      HttpURLConnection good =
          (HttpURLConnection) new URL(proxy.uri() + "/example.com/greet/@v/list").openConnection();
      assertThat(good.getResponseCode()).isEqualTo(200);
    }
  }

  @Test
  void warmFillsTheStoreConcurrentlyWithProgressAndAnOfflineBuildThenWorks() throws Exception {
    ModuleProxy warming =
        ModuleProxy.start(
            store,
            settings(upstream.toUri().toString(), ""),
            goSum,
            ModuleProxy.Options.loopback());
    ModuleWarmer warmer = warming.warmer(4);
    ConcurrentLinkedQueue<Integer> progress = new ConcurrentLinkedQueue<>();

    ModuleWarmer.Result result =
        warmer.warm(ALL, goSum, (mv, outcome, done, total) -> progress.add(done));

    assertThat(result.failures()).isEmpty();
    assertThat(result.count(ModuleWarmer.Outcome.FETCHED)).isEqualTo(3);
    assertThat(progress).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(
            warmer.warm(ALL, goSum, (mv, o, d, t) -> {}).count(ModuleWarmer.Outcome.ALREADY_STORED))
        .isEqualTo(3);
    warming.close();
    try (ModuleProxy offline =
        ModuleProxy.start(
            store, settings("off", ""), goSum, ModuleProxy.Options.loopback().withOffline(true))) {
      Fixtures.GoResult r = build(offline, "warmed");
      assertThat(r.exit()).as(r.output()).isZero();
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("not found");
  }
}
