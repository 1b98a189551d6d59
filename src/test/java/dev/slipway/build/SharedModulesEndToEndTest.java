package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.Main;
import dev.slipway.core.ModuleVersion;
import dev.slipway.modules.Fixtures;
import dev.slipway.testing.ModuleUpstream;
import dev.slipway.testing.NginxCacheServer;
import dev.slipway.testing.RedisServer;
import dev.slipway.testing.RegistryServer;
import dev.slipway.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modules on fresh CI runners that share only a remote cache: the second runner needs no upstream
 * at all; a tampered copy in the remote is refused and repaired; a build fetches exactly the zips
 * the go command extracts; go.sum is read as go reads it.
 */
@Tag("integration")
class SharedModulesEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Fixtures.TidyApp fixture;
  private ModuleUpstream upstream;
  private final Map<String, String> extraEnv = new java.util.HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    fixture = Fixtures.cloudApp(dir);
    upstream = ModuleUpstream.start(fixture.upstream());
  }

  @org.junit.jupiter.api.AfterEach
  void tearDown() {
    upstream.close();
  }

  private record Run(int code, String err, JsonNode summary) {
    JsonNode modules() {
      return summary.path("cache").path("modules");
    }

    long tierBytes(String tier) {
      return modules().path("tiers").path(tier).path("bytes").asLong();
    }

    int tierFiles(String tier) {
      return modules().path("tiers").path(tier).path("files").asInt();
    }
  }

  /**
   * A fresh runner: its own GOMODCACHE, Slipway cache and HOME; a compile cache seeded warm only to
   * keep the test fast (it holds no module sources).
   */
  private Run runner(String name, String goproxy, String... flags) throws Exception {
    return sharing(name, name, goproxy, flags);
  }

  /** A runner with its own GOMODCACHE and HOME, and the Slipway cache of runner {@code store}. */
  private Run sharing(String name, String store, String goproxy, String... flags) throws Exception {
    Map<String, String> env = TestEnvironment.of(dir.resolve(name + "/env"));
    env.put("GOPROXY", goproxy);
    env.put("GOSUMDB", "off");
    env.put("GOMODCACHE", dir.resolve(name + "/modcache").toString());
    env.put("SLIPWAY_CACHE_DIR", dir.resolve(store + "/slipway").toString());
    env.putAll(extraEnv);
    Path json = dir.resolve(name + ".json");
    List<String> args =
        new ArrayList<>(
            List.of(
                "build",
                "-C",
                fixture.app().toString(),
                "--oci-layout",
                dir.resolve(name + "/oci").toString(),
                "--json",
                json.toString()));
    args.addAll(List.of(flags));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            args.toArray(String[]::new));
    return new Run(
        code,
        err.toString(StandardCharsets.UTF_8),
        Files.exists(json) ? JSON.readTree(json.toFile()) : null);
  }

  /** How many zips runner one fetched from upstream. */
  private int firstRunnerZips;

  /** Runner one fills the remote from upstream; runner two builds with GOPROXY=off. */
  private Run secondRunnerNeedsNoUpstream(String cache) throws Exception {
    Run first = runner("one", upstream.url(), "--cache", cache);
    assertThat(first.code()).as(first.err()).isZero();
    int fetched = first.tierFiles("upstream");
    assertThat(fetched).isPositive();
    firstRunnerZips = upstream.requests(".zip").size();
    assertThat(first.tierBytes("upstream")).isPositive();
    upstream.reset();

    Run second = runner("two", "off", "--cache", cache);

    assertThat(second.code()).as(second.err()).isZero();
    assertThat(upstream.requests()).isEmpty();
    assertThat(second.modules().path("tiers").has("upstream")).isFalse();
    assertThat(second.tierFiles(cache)).isEqualTo(fetched);
    assertThat(second.tierBytes(cache)).isEqualTo(first.tierBytes("upstream"));
    assertThat(second.modules().path("misses").asInt()).isZero();
    assertThat(second.summary().path("targets").path(0).path("digest").asText())
        .isEqualTo(first.summary().path("targets").path(0).path("digest").asText());
    return second;
  }

  @Test
  void aFreshRunnerSharingOnlyRedisBuildsWithGoproxyOff() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      Run second = secondRunnerNeedsNoUpstream(redis.url());

      Map<String, String> env = TestEnvironment.of(dir.resolve("two/env"));
      env.put("SLIPWAY_CACHE_DIR", dir.resolve("two/slipway").toString());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int code =
          Main.run(
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              env,
              new String[] {"explain"});
      assertThat(code).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("modules from " + redis.url() + ": " + second.tierFiles(redis.url()) + " files")
          .doesNotContain("modules from upstream");
    }
  }

  @Test
  void aFreshRunnerSharingOnlyAnHttpCacheBuildsWithGoproxyOff() throws Exception {
    try (NginxCacheServer nginx = NginxCacheServer.start()) {
      secondRunnerNeedsNoUpstream(nginx.url("/slipway"));
    }
  }

  @Test
  void aFreshRunnerSharingOnlyARegistryBuildsWithGoproxyOff() throws Exception {
    try (RegistryServer registry = RegistryServer.start()) {
      secondRunnerNeedsNoUpstream("oci://" + registry.host() + "/cache/slipway");
      // Registry GC deletes blobs no manifest names: every module body has a tag of its own.
      assertThat(registry.requests("PUT", "/v2/cache/slipway/manifests/ac-mb-").size())
          .isGreaterThanOrEqualTo(firstRunnerZips);
    }
  }

  /**
   * The remote's copy of greet's zip is swapped for another valid zip of the same name: go.sum
   * refuses it, the warning names module and remote, greet alone comes from upstream, and the
   * remote holds the right bytes again for the next runner.
   */
  @Test
  void aTamperedZipInTheRemoteIsRefusedNamedFetchedFromUpstreamAndRepaired() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      Run first = runner("one", upstream.url(), "--cache", redis.url());
      assertThat(first.code()).as(first.err()).isZero();
      String zipDigest = indexField(dir.resolve("one/slipway"), Fixtures.GREET, "zip");
      String key = "slipway:cas:" + zipDigest.substring("sha256:".length());
      byte[] good = redis.get(key);
      assertThat(good).isNotNull();
      Path evil =
          Fixtures.moduleZip(
              dir.resolve("evil.zip"),
              Fixtures.GREET,
              Map.of("go.mod", "module example.com/greet\n", "greet.go", "package greet\n"));
      redis.set(key, Files.readAllBytes(evil));
      upstream.reset();

      Run second = runner("two", upstream.url(), "--cache", redis.url());

      assertThat(second.code()).as(second.err()).isZero();
      assertThat(second.err())
          .contains("remote cache " + redis.url())
          .contains("refused its copy of example.com/greet@v1.0.0");
      assertThat(upstream.requests(".zip")).containsExactly("/example.com/greet/@v/v1.0.0.zip");
      assertThat(second.tierFiles("upstream")).isGreaterThanOrEqualTo(1);
      assertThat(redis.get(key)).isEqualTo(good);
      upstream.reset();

      Run third = runner("three", "off", "--cache", redis.url());
      assertThat(third.code()).as(third.err()).isZero();
      assertThat(third.err()).doesNotContain("refused");
      assertThat(upstream.requests()).isEmpty();
    }
  }

  /**
   * Exactly the zips the real go extracts when it builds the same app with an empty module cache:
   * greet, util, storage, and cloud (to check that storage's package is not in it too); never
   * unused's, which only a test imports, though go.sum lists it.
   */
  @Test
  void aBuildFetchesExactlyTheZipsGoExtractsAndNoneOfTheOthersGoSumLists() throws Exception {
    Fixtures.GoResult go =
        Fixtures.go(
            fixture.app(),
            Map.of(
                "GOPROXY", upstream.url(),
                "GOMODCACHE", dir.resolve("plain-modcache").toString(),
                "GOFLAGS", "-mod=readonly"),
            "build",
            "-o",
            dir.resolve("plain-app").toString(),
            ".");
    assertThat(go.exit()).as(go.output()).isZero();
    List<String> goZips = new ArrayList<>(new TreeSet<>(upstream.requests(".zip")));
    assertThat(goZips).hasSize(4).noneMatch(p -> p.contains("unused"));
    assertThat(Files.readString(fixture.app().resolve("go.sum"))).contains("example.com/unused");
    upstream.reset();

    Run run = runner("one", upstream.url());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(upstream.requests(".zip")).containsExactlyInAnyOrderElementsOf(goZips);
    assertThat(Files.exists(indexFile(dir.resolve("one/slipway"), Fixtures.UNUSED))).isFalse();
    assertThat(run.tierFiles("upstream"))
        .isEqualTo(upstream.requests(".zip").size() + upstream.requests(".mod").size());

    // The next build of these targets knows its set and fetches it whole before go asks.
    upstream.reset();
    Run again = sharing("two", "one", upstream.url());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(upstream.requests()).isEmpty();
    // A fresh store that knows only the set: it fetches exactly those files, before go asks.
    Path sets = dir.resolve("one/slipway/modules/sets");
    Path fresh = Files.createDirectories(dir.resolve("three/slipway/modules/sets"));
    try (var files = Files.list(sets)) {
      for (Path f : files.toList()) {
        Files.copy(f, fresh.resolve(f.getFileName()));
      }
    }
    Run third = runner("three", upstream.url());
    assertThat(third.code()).as(third.err()).isZero();
    assertThat(upstream.requests(".zip")).containsExactlyInAnyOrderElementsOf(goZips);
    List<String> warms = new ArrayList<>();
    third
        .summary()
        .path("stages")
        .forEach(
            st -> {
              if (st.path("name").asText().equals("modules-warm")) {
                warms.add(st.path("detail").asText());
              }
            });
    // runner three's GOMODCACHE is empty: the warm unpacks into it, beside go
    assertThat(warms).containsExactly(goZips.size() + " from local set, unpacking into GOMODCACHE");
  }

  /**
   * go.sum as go reads it. Cloud with only its zip line: go extracts that zip (to see that
   * storage's package is not also in cloud) and never reads cloud's go.mod, so the build works, and
   * Slipway keeps the zip, the go.mod in it vouched for by the zip line, so the next build needs no
   * upstream. Util with only its zip line, or greet with only its go.mod line: go stops with its
   * own message, and so does Slipway, as bad input.
   */
  @Test
  void goSumIsReadAsTheGoCommandReadsIt() throws Exception {
    Path sum = fixture.app().resolve("go.sum");
    String full = Files.readString(sum);

    Files.writeString(sum, without(full, "example.com/cloud v1.0.0/go.mod "));
    assertThat(plainGoBuild("cloud").exit()).isZero();
    Run zipOnly = runner("cloud", upstream.url());
    assertThat(zipOnly.code()).as(zipOnly.err()).isZero();
    assertThat(indexField(dir.resolve("cloud/slipway"), Fixtures.CLOUD, "zip"))
        .startsWith("sha256:");
    upstream.reset();
    Run again = sharing("cloud-again", "cloud", "off");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(upstream.requests()).isEmpty();

    Files.writeString(sum, without(full, "example.com/util v0.1.0/go.mod "));
    Fixtures.GoResult go = plainGoBuild("util");
    assertThat(go.exit()).isNotZero();
    assertThat(go.output())
        .contains("example.com/util@v0.1.0: missing go.sum entry for go.mod file");
    Run utilZipOnly = runner("util", upstream.url());
    assertThat(utilZipOnly.code()).isEqualTo(2);
    assertThat(utilZipOnly.err())
        .contains("example.com/util@v0.1.0: missing go.sum entry for go.mod file")
        .contains("go.sum");

    Files.writeString(sum, without(full, "example.com/greet v1.0.0 h1:"));
    go = plainGoBuild("greet");
    assertThat(go.exit()).isNotZero();
    assertThat(go.output())
        .contains("missing go.sum entry for module providing package example.com/greet");
    upstream.reset();
    Run greetModOnly = runner("greet", upstream.url());
    assertThat(greetModOnly.code()).isEqualTo(2);
    assertThat(greetModOnly.err())
        .contains("missing go.sum entry for module providing package example.com/greet");
    assertThat(upstream.requests(".zip")).doesNotContain("/example.com/greet/@v/v1.0.0.zip");
  }

  /**
   * A 41 MiB zip the warm started fetching (the set kept for this go.sum names it) is still being
   * sent, slowly, when go has finished without it: the process, a JVM of its own as in CI, ends
   * only once the zip is in the store, and the next build, which needs it, downloads nothing.
   */
  @Test
  void aBigZipTheWarmStartedIsKeptWhenTheBuildEndsFirst() throws Exception {
    Fixtures.publishBig(fixture.upstream(), 41);
    Path main = fixture.app().resolve("main.go");
    String plain = Files.readString(main);
    String withBig =
        plain
            .replace("\"example.com/greet\"", "\"example.com/greet\"\n\t\"example.com/big\"")
            .replace("storage.Bucket)", "storage.Bucket + big.Name)");
    Files.writeString(main, withBig);
    Fixtures.tidy(fixture.upstream(), fixture.app(), dir.resolve("seed-big"));
    Run first = runner("one", upstream.url());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(upstream.requests(".zip")).contains("/example.com/big/@v/v1.0.0.zip");

    // A fresh store that knows this build's set, for an app that no longer imports big.
    Path sets = dir.resolve("one/slipway/modules/sets");
    Path fresh = dir.resolve("two/slipway/modules/sets");
    Files.createDirectories(fresh);
    try (var files = Files.list(sets)) {
      for (Path f : files.toList()) {
        Files.copy(f, fresh.resolve(f.getFileName()));
      }
    }
    Files.writeString(main, plain);
    upstream.reset();
    upstream.throttle("/example.com/big/", 10 << 20);
    Map<String, String> env = TestEnvironment.of(dir.resolve("two/env"));
    env.put("GOPROXY", upstream.url());
    env.put("GOSUMDB", "off");
    env.put("GOMODCACHE", dir.resolve("two/modcache").toString());
    env.put("SLIPWAY_CACHE_DIR", dir.resolve("two/slipway").toString());
    Path json = dir.resolve("two.json");
    CliProcess.run(
            env,
            dir.resolve("two/logs"),
            "build",
            "-C",
            fixture.app().toString(),
            "--oci-layout",
            dir.resolve("two/oci").toString(),
            "--json",
            json.toString())
        .ok("the build that does not need big");

    assertThat(upstream.requests(".zip")).contains("/example.com/big/@v/v1.0.0.zip");
    JsonNode served = JSON.readTree(json.toFile()).path("cache").path("modulesServed");
    assertThat(served.toString()).doesNotContain("example.com/big");
    assertThat(indexField(dir.resolve("two/slipway"), Fixtures.BIG, "zip")).startsWith("sha256:");

    Files.writeString(main, withBig);
    upstream.reset();
    Run needsBig = sharing("three", "two", "off");
    assertThat(needsBig.code()).as(needsBig.err()).isZero();
    assertThat(upstream.requests()).isEmpty();
  }

  /**
   * greet as a private module (GOPRIVATE): go fetches it direct, which this test stands in for by
   * seeding each runner's GOMODCACHE as a direct fetch would. By default it never reaches the
   * remote. With {@value ModuleStage#PRIVATE_ENV}, it is taken from go's cache, checked against
   * go.sum and shared, and a fresh runner with GOPROXY=off gets it from the remote.
   */
  @Test
  void privateModulesReachTheRemoteOnlyWhenTheTeamOptsIn() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      extraEnv.put("GOPRIVATE", "example.com/greet");
      String key = "slipway:ac:" + dev.slipway.modules.RemoteModules.indexKey(Fixtures.GREET);
      seed("one");
      Run plain = runner("one", upstream.url(), "--cache", redis.url());
      assertThat(plain.code()).as(plain.err()).isZero();
      assertThat(upstream.requests()).noneMatch(p -> p.contains("greet"));
      assertThat(redis.get(key)).isNull();
      assertThat(Files.exists(indexFile(dir.resolve("one/slipway"), Fixtures.GREET))).isFalse();

      extraEnv.put(ModuleStage.PRIVATE_ENV, "true");
      seed("two");
      Run kept = runner("two", upstream.url(), "--cache", redis.url());
      assertThat(kept.code()).as(kept.err()).isZero();
      assertThat(upstream.requests()).noneMatch(p -> p.contains("greet"));
      assertThat(redis.get(key)).isNotNull();
      upstream.reset();

      Run fresh = runner("three", "off", "--cache", redis.url());
      assertThat(fresh.code()).as(fresh.err()).isZero();
      assertThat(upstream.requests()).isEmpty();
      assertThat(fresh.tierFiles(redis.url())).isPositive();

      extraEnv.put(ModuleStage.PRIVATE_ENV, "sometimes");
      Run bad = runner("four", "off", "--cache", redis.url());
      assertThat(bad.code()).isEqualTo(2);
      assertThat(bad.err()).contains(ModuleStage.PRIVATE_ENV);
    }
  }

  /** Fills runner {@code name}'s GOMODCACHE with greet as go's direct fetch would. */
  private void seed(String name) throws Exception {
    Fixtures.GoResult seeded =
        Fixtures.go(
            fixture.app(),
            Map.of(
                "GOPROXY",
                fixture.upstream().toUri().toString(),
                "GOMODCACHE",
                dir.resolve(name + "/modcache").toString()),
            "mod",
            "download",
            Fixtures.GREET.toString());
    assertThat(seeded.exit()).as(seeded.output()).isZero();
  }

  private Fixtures.GoResult plainGoBuild(String name) throws Exception {
    return Fixtures.go(
        fixture.app(),
        Map.of(
            "GOPROXY", upstream.url(),
            "GOMODCACHE", dir.resolve(name + "/plain-modcache").toString(),
            "GOFLAGS", "-mod=readonly"),
        "build",
        "-o",
        dir.resolve(name + "/plain-app").toString(),
        ".");
  }

  private static String without(String goSum, String linePrefix) {
    return goSum
        .lines()
        .filter(l -> !l.startsWith(linePrefix))
        .map(l -> l + "\n")
        .reduce("", String::concat);
  }

  private static Path indexFile(Path cacheDir, ModuleVersion mv) {
    return cacheDir
        .resolve("modules/index")
        .resolve(mv.escapedPath())
        .resolve("@v")
        .resolve(mv.escapedVersion());
  }

  private static String indexField(Path cacheDir, ModuleVersion mv, String field) throws Exception {
    for (String line : Files.readAllLines(indexFile(cacheDir, mv))) {
      if (line.startsWith(field + " ")) {
        return line.substring(field.length() + 1);
      }
    }
    throw new AssertionError(mv + " has no " + field + " in its index");
  }
}
