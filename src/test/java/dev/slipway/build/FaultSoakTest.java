package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.modules.Fixtures;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.OciLayouts;
import dev.slipway.testing.RedisServer;
import dev.slipway.testing.RegistryServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault probe, kept: SIGKILL at random points of a pushing build with a Redis remote, then a
 * clean rebuild of the same digest and clean verifies. Each run prints its figures and its seed;
 * {@code -Dsoak.seed=N} replays one.
 */
@Tag("integration")
class FaultSoakTest {
  private static final int KILLS = 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = Long.getLong("soak.seed", System.nanoTime());

  @TempDir Path dir;

  @Test
  void twentyKillsAtRandomPointsLeaveACacheThatRebuildsTheSameDigestAndVerifiesClean()
      throws Exception {
    Random random = new Random(SEED);
    Fixtures.TidyApp fixture = Fixtures.tidyApp(dir);
    Path app = fixture.app();
    SoakRunner soak = new SoakRunner(dir.resolve("soak"), fixture.upstream());
    try (RegistryServer registry = RegistryServer.start();
        RedisServer redis = RedisServer.start()) {
      String repo = registry.host() + "/soak/app";
      String[] build = {"build", "-C", app.toString(), "--push", repo, "--cache", redis.url()};

      version(app, "warm-up");
      CliProcess.run(soak.env, soak.logs, build).ok("the cold build");
      version(app, "timed");
      long start = System.nanoTime();
      CliProcess.run(soak.env, soak.logs, build).ok("the timed build");
      long warmMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      int kills = 0;
      int finished = 0;
      Map<String, Integer> reached = new TreeMap<>();
      for (int i = 0; kills < KILLS && i < 3 * KILLS; i++) {
        version(app, "v" + i);
        if (i % 4 == 1) { // a runner whose modules must come through the store again
          soak.delete("cache/modules", "modcache");
        } else if (i % 4 == 3) { // a runner whose actions must be filled from the remote
          soak.delete("cache/actions");
        }
        CliProcess p = CliProcess.start(soak.env, soak.logs, build);
        long delay = (long) (random.nextDouble() * warmMillis * 1.2);
        p.waitFor(delay);
        if (!p.isAlive()) {
          p.await(1).ok("build " + i + ", which finished before its kill at " + delay + " ms");
          finished++;
          continue;
        }
        String stage = lastStage(p.errSoFar());
        p.kill();
        kills++;
        reached.merge(stage, 1, Integer::sum);
        assertThat(soak.goProcessesAfterGrace())
            .as("go processes left by the build killed at %d ms", delay)
            .isEmpty();
      }
      System.out.printf(
          "fault soak (seed %d): %d kills survived, %d builds finished before their kill"
              + " (a warm build takes %d ms); last stage reached when killed: %s%n",
          SEED, kills, finished, warmMillis, reached);
      assertThat(kills).isGreaterThanOrEqualTo(KILLS);

      version(app, "final");
      Path json = dir.resolve("final.json");
      String[] last = concat(build, "--json", json.toString());
      CliProcess.run(soak.env, soak.logs, last).ok("the clean rebuild after the kills");
      String pushed = digest(json);

      SoakRunner fresh = new SoakRunner(dir.resolve("fresh"), fixture.upstream());
      Path reference = dir.resolve("reference.json");
      CliProcess.run(
              fresh.env,
              fresh.logs,
              "build",
              "-C",
              app.toString(),
              "--oci-layout",
              dir.resolve("reference").toString(),
              "--json",
              reference.toString())
          .ok("the reference build on a fresh runner");
      assertThat(pushed).isEqualTo(digest(reference));

      CliProcess.run(soak.env, soak.logs, "cache", "verify").ok("cache verify after the soak");
      CliProcess.run(soak.env, soak.logs, "modules", "verify").ok("modules verify after the soak");

      Path pulled = dir.resolve("pulled");
      ImageTools.pull(repo + "@" + pushed, pulled, "t");
      Path rootfs = ImageTools.unpack(pulled, "t", dir.resolve("bundle"));
      assertThat(ImageTools.runAsNonroot(rootfs, "/app/app")).contains("final");
    }
  }

  @Test
  void byteFlipsInEveryStoreAreMissesAndEveryLayoutAndTarballStillValidates() throws Exception {
    ByteFlips flips = new ByteFlips(new Random(SEED));
    Fixtures.TidyApp fixture = Fixtures.tidyApp(dir);
    Path app = fixture.app();
    SoakRunner runner = new SoakRunner(dir.resolve("flips"), fixture.upstream());
    Path cache = runner.root.resolve("cache");
    Path layout = dir.resolve("layout");
    try (RegistryServer registry = RegistryServer.start();
        RedisServer redis = RedisServer.start()) {
      String base = registry.host() + "/bases/tools:1";
      Path baseLayout =
          OciLayouts.write(
              dir.resolve("base"),
              "1",
              new OciLayouts.Base(Map.of("etc/base-marker", "m\n"), List.of(), Map.of(), "amd64"),
              false);
      ImageTools.run(
              null,
              "skopeo",
              "copy",
              "--dest-tls-verify=false",
              "oci:" + baseLayout + ":1",
              "docker://" + base)
          .orFail("skopeo copy of the base");
      String[] build = {
        "build",
        "-C",
        app.toString(),
        "--base",
        base,
        "--cache",
        redis.url(),
        "--oci-layout",
        layout.toString()
      };
      Map<String, String> expected = new HashMap<>();
      for (String v : List.of("a", "b")) {
        version(app, v);
        expected.put(v, buildAndValidate(runner, build, layout, v, "clean-" + v));
      }

      Map<String, Integer> flipped = new TreeMap<>();
      int layoutFlips = 0;
      int layoutDeletes = 0;
      List<String> versions = List.of("a", "a", "b", "b", "a", "a");
      for (int r = 0; r < versions.size(); r++) {
        flips.inEveryStore(cache, 2).forEach((store, n) -> flipped.merge(store, n, Integer::sum));
        Path blobs = layout.resolve("blobs");
        layoutFlips += flips.inOneFile(blobs) == null ? 0 : 1;
        List<Path> left = ByteFlips.files(blobs);
        Files.delete(left.get(r % left.size()));
        layoutDeletes++;
        String v = versions.get(r);
        version(app, v);
        assertThat(buildAndValidate(runner, build, layout, v, "round-" + r))
            .as("round %d", r)
            .isEqualTo(expected.get(v));
      }

      Map<String, Integer> last = flips.inEveryStore(cache, 2);
      CliProcess.Result verify = CliProcess.run(runner.env, runner.logs, "cache", "verify");
      CliProcess.Result again =
          CliProcess.run(runner.env, runner.logs, "cache", "verify").ok("a second verify");
      System.out.printf(
          "fault soak (seed %d): %d rounds of byte flips, files flipped per store %s, layout blobs"
              + " flipped %d and deleted %d; every build exited 0 with the clean digest, and its"
              + " layout and tarball passed umoci and ran.%n"
              + "then flipped %s: cache verify exited %d:%n%s%nand a second verify: %s%n",
          SEED,
          versions.size(),
          flipped,
          layoutFlips,
          layoutDeletes,
          last,
          verify.code(),
          verify.out().strip(),
          again.out().strip());
      assertThat(verify.code()).as("verify reports what it removed").isNotZero();
      buildAndValidate(runner, build, layout, "a", "after-verify");
    }
  }

  /**
   * Builds to {@code layout} and a tarball; both must pass umoci (every digest and diffID) and run
   * the binary as the image says. Returns the image's digest.
   */
  private String buildAndValidate(
      SoakRunner runner, String[] build, Path layout, String version, String name)
      throws IOException {
    Path json = dir.resolve(name + ".json");
    Path tarball = dir.resolve(name + ".tar");
    CliProcess.run(
            runner.env,
            runner.logs,
            concat(build, "--tarball", tarball.toString(), "--json", json.toString()))
        .ok(name);
    Path rootfs = ImageTools.unpack(layout, "app", dir.resolve(name + "-layout-bundle"));
    assertThat(ImageTools.runAsNonroot(rootfs, "/app/app")).as(name).contains(version);
    Path fromTarball = dir.resolve(name + "-tarball-layout");
    ImageTools.run(null, "skopeo", "copy", "docker-archive:" + tarball, "oci:" + fromTarball + ":t")
        .orFail("skopeo copy of the tarball of " + name);
    rootfs = ImageTools.unpack(fromTarball, "t", dir.resolve(name + "-tarball-bundle"));
    assertThat(ImageTools.runAsNonroot(rootfs, "/app/app")).as(name).contains(version);
    return digest(json);
  }

  /** Gives the app a new greeting, so every build compiles, links, layers and pushes. */
  private static void version(Path app, String v) {
    Fixtures.write(
        app.resolve("main.go"),
        "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/Upper/words\"\n"
            + "\t\"example.com/greet\"\n)\n\nconst version = \""
            + v
            + "\"\n\nfunc main() { fmt.Println(greet.Hello(words.Name), version) }\n");
  }

  /** The stage a plain-progress build last reported finishing, or "start". */
  private static String lastStage(String err) {
    String stage = "start";
    for (String line : err.split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length > 1 && words[0].equals("slipway:")) {
        stage = words[1];
      }
    }
    return stage;
  }

  private static String digest(Path summary) throws IOException {
    JsonNode json = JSON.readTree(summary.toFile());
    return json.path("targets").path(0).path("digest").asText();
  }

  private static String[] concat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }
}
