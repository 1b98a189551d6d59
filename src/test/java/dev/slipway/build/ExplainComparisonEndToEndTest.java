package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.RedisServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code slipway explain} compares a build with when the targets differ from the last build's,
 * or the last build failed; and that its counts agree with the summary's on a cold runner that a
 * warm remote serves. Real go, each runner with its own caches.
 */
@Tag("integration")
class ExplainComparisonEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String A = "example.com/svc/cmd/a";
  private static final String HELLO = "example.com/svc/cmd/hello-svc";

  @TempDir Path dir;

  private Path service() {
    return GoModules.service(dir.resolve("svc"), "a", "b", "hello-svc");
  }

  private Slipway.Run build(Slipway slipway, Path module, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "build", "-C", module.toString(), "--oci-layout", dir.resolve("oci").toString()));
    all.addAll(List.of(args));
    return slipway.run(all.toArray(String[]::new));
  }

  private static JsonNode explain(Slipway slipway, String... which) throws Exception {
    List<String> args = new ArrayList<>(List.of("explain", "--json"));
    args.addAll(List.of(which));
    return JSON.readTree(slipway.run(args.toArray(String[]::new)).ok().out());
  }

  /** Target to the build it was compared with, with that build's outcome if it failed. */
  private static Map<String, String> comparisons(JsonNode explanation) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode c : explanation.path("comparisons")) {
      String failed = c.path("outcome").asText().equals("failed") ? " failed" : "";
      out.put(c.path("target").asText(), c.path("build").asText() + failed);
    }
    return out;
  }

  @Test
  void aBuildOfSomeTargetsIsComparedPerTargetWithTheNewestBuildThatIncludedIt() throws Exception {
    Path module = service();
    Slipway slipway = new Slipway(dir.resolve("cache"));
    build(slipway, module, "./cmd/...").ok();
    String all = explain(slipway).path("id").asText();

    // one of the targets, with a link flag: compared with the build of ./cmd/...
    build(slipway, module, "./cmd/hello-svc", "--ldflags", "-s -w").ok();
    JsonNode one = explain(slipway);
    String hello = one.path("id").asText();
    assertThat(one.path("previous").asText()).isEqualTo(all);
    assertThat(comparisons(one)).isEqualTo(Map.of(HELLO, all));
    assertThat(one.path("changes").toString()).contains("flag.ldflags");
    assertThat(one.path("cold")).isEmpty();
    assertThat(slipway.run("explain").ok().out())
        .contains("Compared with build " + all + ", the newest earlier build of these targets.")
        .contains("flag.ldflags: (unset) -> -s -w (relinks the targets; compiles nothing)")
        .doesNotContain("No earlier build");

    // two targets last built by different builds: each compared with its own newest
    GoModules.changeGreeting(module, "v2");
    build(slipway, module, "./cmd/a", "./cmd/hello-svc", "--ldflags", "-s -w").ok();
    JsonNode two = explain(slipway);
    assertThat(comparisons(two)).isEqualTo(Map.of(A, all, HELLO, hello));
    assertThat(two.path("previous").asText()).isEqualTo(hello);
    assertThat(two.path("changed").toString()).contains("example.com/svc/internal/greet");
    assertThat(two.path("cold")).isEmpty();
    assertThat(slipway.run("explain").ok().out())
        .contains("Compared with, for each target, the newest earlier build of it:")
        .contains("  " + A + " [linux/amd64]: build " + all + "\n")
        .contains("  " + HELLO + " [linux/amd64]: build " + hello + "\n");
  }

  @Test
  void aBuildThatFailedAfterGoRanIsExplainedAndComparedWith() throws Exception {
    Path module = service();
    Slipway slipway = new Slipway(dir.resolve("cache"));
    build(slipway, module, "./cmd/a").ok();
    String first = explain(slipway).path("id").asText();

    // go builds the change, then the push fails: nothing listens on port 1
    GoModules.changeGreeting(module, "v2");
    Slipway.Run failed =
        slipway.run(
            "build", "-C", module.toString(), "./cmd/a", "--push", "127.0.0.1:1/svc", "--offline");
    assertThat(failed.code()).as(failed.err()).isNotZero();
    JsonNode failure = explain(slipway);
    String failedId = failure.path("id").asText();
    assertThat(failure.path("outcome").asText()).isEqualTo("failed");
    assertThat(comparisons(failure)).isEqualTo(Map.of(A, first));
    assertThat(failure.path("changed").toString()).contains("example.com/svc/internal/greet");
    assertThat(failure.path("changes")).as("the toolchain is known: it ran").isEmpty();

    // the next build compiles nothing: it is compared with the failed one, not the older success
    build(slipway, module, "./cmd/a").ok();
    JsonNode next = explain(slipway);
    assertThat(comparisons(next)).isEqualTo(Map.of(A, failedId + " failed"));
    assertThat(next.path("changed")).isEmpty();
    assertThat(next.path("cold")).isEmpty();
    assertThat(slipway.run("explain").ok().out())
        .contains(
            "Compared with build "
                + failedId
                + ", the newest earlier build of these targets (which failed after go built it).");
  }

  @Test
  void onAColdRunnerTheActionMissesAreNamedAndAddUpToTheSummarys() throws Exception {
    Path module = service();
    try (RedisServer redis = RedisServer.start()) {
      String[] args = {
        "./cmd/...", "--platform", "linux/amd64,linux/arm64", "--cache", redis.url()
      };
      Slipway warm = new Slipway(dir.resolve("one"));
      warm.build(dir.resolve("one.json"), withDir(module, args)).ok();

      Slipway cold = new Slipway(dir.resolve("two")).env("GOCACHE", dir.resolve("cold").toString());
      Slipway.Run run = cold.build(dir.resolve("two.json"), withDir(module, args)).ok();
      JsonNode actions = run.summary().path("cache").path("actions");
      JsonNode missedBy = actions.path("missedBy");
      int sum = 0;
      for (JsonNode n : missedBy) {
        sum += n.asInt();
      }
      assertThat(sum).as(actions.toString()).isEqualTo(actions.path("misses").asInt());
      // go build caches no binary: three targets on two platforms link on a new runner
      assertThat(missedBy.path("link").asInt()).as(actions.toString()).isEqualTo(6);
      assertThat(missedBy.has("compile")).as(actions.toString()).isFalse();

      JsonNode explanation = explain(cold);
      assertThat(explanation.path("cold")).isEmpty();
      assertThat(explanation.path("changed")).isEmpty();
      String text = cold.run("explain").ok().out();
      assertThat(text)
          .contains("No package was compiled: go found every one in its cache (its action misses,")
          .contains("/ " + actions.path("misses").asInt() + " miss")
          .contains("action misses: 6 link (go build caches no binary");
    }
  }

  private String[] withDir(Path module, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of("-C", module.toString(), "--oci-layout", dir.resolve("oci-r").toString()));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }
}
