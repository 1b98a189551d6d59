package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.Main;
import dev.slipway.modules.Fixtures;
import dev.slipway.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module store as a user meets it: a build with an empty GOMODCACHE fills it from upstream, a
 * second runner sharing only the store builds offline, and a tampered upstream is refused.
 */
@Tag("integration")
class ModulesEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path upstream;
  private Path app;

  @BeforeEach
  void setUp() throws Exception {
    Fixtures.TidyApp fixture = Fixtures.tidyApp(dir);
    upstream = fixture.upstream();
    app = fixture.app();
  }

  /**
   * The environment of a fresh CI runner: its own GOMODCACHE, the given upstream, and the module
   * store every runner here shares. Its compile cache starts warm ({@link TestEnvironment}) only to
   * keep the test fast; it holds no module sources.
   */
  private Map<String, String> runner(String name, String goproxy) {
    Map<String, String> env = TestEnvironment.of(dir.resolve(name));
    env.put("GOPROXY", goproxy);
    env.put("GOSUMDB", "off");
    env.put("GOMODCACHE", dir.resolve(name + "/modcache").toString());
    env.put("SLIPWAY_CACHE_DIR", dir.resolve("shared-store").toString());
    return env;
  }

  private record Run(int code, String out, String err) {}

  private Run slipway(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aSecondRunnerSharingOnlyTheStoreBuildsOfflineWithTheUpstreamGone() throws Exception {
    Run first =
        slipway(
            runner("one", upstream.toUri().toString()),
            "build",
            "-C",
            app.toString(),
            "--oci-layout",
            dir.resolve("oci1").toString(),
            "--json",
            dir.resolve("one.json").toString());
    assertThat(first.code()).as(first.err()).isZero();
    JsonNode modules =
        JSON.readTree(dir.resolve("one.json").toFile()).path("cache").path("modules");
    assertThat(modules.path("tiers").path("upstream").path("files").asInt()).isPositive();
    assertThat(modules.path("tiers").path("upstream").path("bytes").asLong()).isPositive();

    deleteTree(upstream);
    Run second =
        slipway(
            runner("two", "off"),
            "build",
            "-C",
            app.toString(),
            "--offline",
            "--oci-layout",
            dir.resolve("oci2").toString());
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(Files.readString(dir.resolve("oci2/index.json")))
        .isEqualTo(Files.readString(dir.resolve("oci1/index.json")));
    assertThat(dir.resolve("two/modcache/cache/download/example.com/greet/@v/v1.0.0.zip")).exists();
  }

  @Test
  void aTamperedUpstreamZipFailsTheBuildNamingTheModuleAndBothHashesAndAdmitsNothing()
      throws Exception {
    Path evil = dir.resolve("evil");
    Fixtures.publishAll(evil);
    Path zip = Fixtures.zipIn(evil, Fixtures.GREET);
    byte[] bytes = Files.readAllBytes(zip);
    // Same files, one changed byte of content: a valid zip whose h1 differs.
    Fixtures.publish(
        evil,
        Fixtures.GREET,
        Map.of(
            "go.mod",
            "module example.com/greet\n\ngo 1.21\n\nrequire example.com/util v0.1.0\n",
            "greet.go",
            """
            package greet

            import "example.com/util"

            func Hello(n string) string { return util.Shout("HELLO " + n) }
            """));
    assertThat(Files.readAllBytes(zip)).isNotEqualTo(bytes);

    Run run =
        slipway(
            runner("one", evil.toUri().toString()),
            "build",
            "-C",
            app.toString(),
            "--oci-layout",
            dir.resolve("oci").toString());
    assertThat(run.code()).isEqualTo(1);
    String goSumHash =
        Fixtures.expectedFrom(app.resolve("go.sum")).zipHash(Fixtures.GREET).orElseThrow();
    assertThat(run.err()).contains("example.com/greet@v1.0.0").contains(goSumHash);
    assertThat(dir.resolve("oci/index.json")).doesNotExist();

    // Nothing was admitted: an offline build finds greet missing, not a bad copy.
    Run offline =
        slipway(runner("two", "off"), "modules", "warm", "-C", app.toString(), "--offline");
    assertThat(offline.code()).isEqualTo(1);
    assertThat(offline.err()).contains("example.com/greet@v1.0.0");

    // And the good upstream works afterwards.
    Run good =
        slipway(
            runner("three", upstream.toUri().toString()),
            "build",
            "-C",
            app.toString(),
            "--oci-layout",
            dir.resolve("oci").toString());
    assertThat(good.code()).as(good.err()).isZero();
  }

  @Test
  void warmFillsTheStoreWithWhatTheBuildReadsAndVerifyFindsEveryModuleIntact() {
    Run warm =
        slipway(
            runner("one", upstream.toUri().toString()), "modules", "warm", "-C", app.toString());
    assertThat(warm.code()).as(warm.err()).isZero();
    // Each of the three modules provides a package: go reads its go.mod and its zip.
    assertThat(warm.out())
        .contains("3 module(s) read by the build: 0 file(s) already stored, 6 fetched");
    Run again = slipway(runner("one", "off"), "modules", "warm", "-C", app.toString());
    assertThat(again.out()).contains("6 file(s) already stored, 0 fetched (0 bytes)");
    Run all = slipway(runner("one", "off"), "modules", "warm", "--all", "-C", app.toString());
    assertThat(all.out()).contains("3 module(s): 3 already stored");
    Run verify = slipway(runner("one", "off"), "modules", "verify");
    assertThat(verify.code()).isZero();
    assertThat(verify.out()).contains("every module matches");
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void aWarmAndABuildRunningTogetherShareTheStoreSafely() throws Exception {
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var warm =
          pool.submit(
              () ->
                  slipway(
                      runner("w", upstream.toUri().toString()),
                      "modules",
                      "warm",
                      "-C",
                      app.toString()));
      var build =
          pool.submit(
              () ->
                  slipway(
                      runner("b", upstream.toUri().toString()),
                      "build",
                      "-C",
                      app.toString(),
                      "--oci-layout",
                      dir.resolve("oci").toString()));
      assertThat(warm.get().code()).as(warm.get().err()).isZero();
      assertThat(build.get().code()).as(build.get().err()).isZero();
    } finally {
      pool.shutdown();
    }
    Run verify = slipway(runner("v", "off"), "modules", "verify");
    assertThat(verify.code()).as(verify.out()).isZero();
    Run offline = slipway(runner("v", "off"), "modules", "warm", "-C", app.toString(), "--offline");
    assertThat(offline.out()).contains("3 already stored");
  }

  @Test
  void aVendoredProjectBuildsWithoutFetchingAnything() throws Exception {
    Fixtures.GoResult vendor =
        Fixtures.go(
            app,
            Map.of(
                "GOPROXY",
                upstream.toUri().toString(),
                "GOMODCACHE",
                dir.resolve("seed").toString()),
            "mod",
            "vendor");
    assertThat(vendor.exit()).as(vendor.output()).isZero();
    deleteTree(upstream);
    Run run =
        slipway(
            runner("one", "off"),
            "build",
            "-C",
            app.toString(),
            "--oci-layout",
            dir.resolve("oci").toString(),
            "--json",
            dir.resolve("s.json").toString());
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode modules = JSON.readTree(dir.resolve("s.json").toFile()).path("cache").path("modules");
    assertThat(modules.path("hits").asInt() + modules.path("misses").asInt()).isZero();
    assertThat(dir.resolve("one/modcache/cache/download")).doesNotExist();
  }

  @Test
  void aMissingGoSumEntryGetsGosOwnMessage() throws Exception {
    Files.writeString(
        app.resolve("go.sum"),
        Files.readAllLines(app.resolve("go.sum")).stream()
                .filter(l -> !l.startsWith("example.com/greet v1.0.0 "))
                .collect(java.util.stream.Collectors.joining("\n"))
            + "\n");
    Run run =
        slipway(
            runner("one", upstream.toUri().toString()),
            "build",
            "-C",
            app.toString(),
            "--oci-layout",
            dir.resolve("oci").toString());
    assertThat(run.code()).isNotZero();
    assertThat(run.err()).contains("missing go.sum entry").contains("example.com/greet");
    assertThat(dir.resolve("oci/index.json")).doesNotExist();
  }

  @Test
  void oneModulesVerifyLeavesAStoreThatBuildsAfterEveryKindOfBlobWasDamaged() throws Exception {
    Run warm =
        slipway(
            runner("one", upstream.toUri().toString()), "modules", "warm", "-C", app.toString());
    assertThat(warm.code()).as(warm.err()).isZero();
    // Every kind of blob of one module at once, and a go.mod of another.
    for (String kind : java.util.List.of("info", "mod", "zip")) {
      flipAByte(storedBlob(Fixtures.GREET, kind));
    }
    flipAByte(storedBlob(Fixtures.UTIL, "mod"));

    Run verify = slipway(runner("one", "off"), "modules", "verify");
    assertThat(verify.code()).as(verify.out() + verify.err()).isEqualTo(1);
    assertThat(verify.out())
        .contains("example.com/greet@v1.0.0", "example.com/util@v0.1.0")
        .contains("removed 4 damaged blob(s)");
    Run again = slipway(runner("one", "off"), "modules", "verify");
    assertThat(again.code()).as(again.out()).isZero();
    assertThat(again.out()).contains("every module matches");

    Run build =
        slipway(
            runner("two", upstream.toUri().toString()),
            "build",
            "-C",
            app.toString(),
            "--oci-layout",
            dir.resolve("oci").toString());
    assertThat(build.code()).as(build.err()).isZero();
    Run after = slipway(runner("two", "off"), "modules", "verify");
    assertThat(after.code()).as(after.out()).isZero();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"info", "mod", "zip"})
  void aBuildTreatsADamagedStoredBlobAsAMissAndRepairsIt(String kind) throws Exception {
    Run warm =
        slipway(
            runner("one", upstream.toUri().toString()), "modules", "warm", "-C", app.toString());
    assertThat(warm.code()).as(warm.err()).isZero();
    Path blob = storedBlob(Fixtures.GREET, kind);
    flipAByte(blob);

    Run build =
        slipway(
            runner("two", upstream.toUri().toString()),
            "build",
            "-C",
            app.toString(),
            "--oci-layout",
            dir.resolve("oci").toString());
    assertThat(build.code()).as(build.err()).isZero();
    assertThat(Files.readAllBytes(storedBlob(Fixtures.GREET, kind)))
        .as("the %s blob, fetched again", kind)
        .satisfies(
            b ->
                assertThat(dev.slipway.core.Digest.sha256Of(b).hex())
                    .isEqualTo(storedBlob(Fixtures.GREET, kind).getFileName().toString()));
  }

  @Test
  void anOfflineBuildCountsADamagedStoredZipAsAMissAndNamesTheModule() throws Exception {
    Run warm =
        slipway(
            runner("one", upstream.toUri().toString()), "modules", "warm", "-C", app.toString());
    assertThat(warm.code()).as(warm.err()).isZero();
    flipAByte(storedBlob(Fixtures.GREET, "zip"));

    Run build =
        slipway(
            runner("two", "off"),
            "build",
            "-C",
            app.toString(),
            "--offline",
            "--oci-layout",
            dir.resolve("oci").toString());
    assertThat(build.code()).as(build.err()).isEqualTo(1);
    assertThat(build.err())
        .contains("not in the Slipway store")
        .contains("example.com/greet@v1.0.0")
        .doesNotContain("damaged");
    Run verify = slipway(runner("two", "off"), "modules", "verify");
    assertThat(verify.code()).as(verify.out()).isZero();
  }

  /** The blob of one kind (info, mod, zip) that the store's index names for a module. */
  private Path storedBlob(dev.slipway.core.ModuleVersion mv, String kind) throws Exception {
    Path modules = dir.resolve("shared-store/modules");
    Path index = modules.resolve("index").resolve(mv.escapedPath()).resolve("@v");
    for (String line : Files.readAllLines(index.resolve(mv.escapedVersion()))) {
      if (line.startsWith(kind + " sha256:")) {
        return modules.resolve("blobs/sha256").resolve(line.substring(kind.length() + 8));
      }
    }
    throw new AssertionError(mv + " has no " + kind + " blob in the store");
  }

  private static void flipAByte(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
  }
}
