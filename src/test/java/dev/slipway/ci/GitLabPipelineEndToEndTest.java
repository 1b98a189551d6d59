package dev.slipway.ci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testing.Git;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.NodeTestTools;
import dev.slipway.testing.PushgatewayServer;
import dev.slipway.testing.RedisServer;
import dev.slipway.testing.RegistryServer;
import dev.slipway.testing.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/ci/gitlab-ci.yml, copied unchanged into a repository of two services and run by a real
 * local GitLab runner (gitlab-ci-local, shell executor, each job in a copy of the tracked files)
 * against the harness's registry (with a password), Redis and pushgateway, with the jar the build
 * made as {@code slipway} on PATH. Three pipelines: the default branch on a cold runner, the same
 * commit again (the CI caches restored, a budget it cannot meet), and a merge request on a fresh
 * runner.
 */
@Tag("integration")
class GitLabPipelineEndToEndTest {
  private static final String PASSWORD = "registry-Pa55word";
  private static final String TRUST_KEY = "0123456789abcdef0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void thePipelinePushesOnTheDefaultBranchAndOnlyReadsInAMergeRequest() throws Exception {
    try (RegistryServer registry = RegistryServer.startWithHtpasswd("ci", PASSWORD);
        RedisServer redis = RedisServer.start();
        PushgatewayServer gateway = PushgatewayServer.start()) {
      Path repo = repository();
      Map<String, String> env = runnerEnvironment();
      List<String> registryVariables =
          List.of(
              "CI_REGISTRY=" + registry.host(),
              "CI_REGISTRY_IMAGE=" + registry.host() + "/team/shop",
              "CI_REGISTRY_USER=ci",
              "CI_REGISTRY_PASSWORD=" + PASSWORD);
      // Protected variables: only default-branch pipelines get them.
      List<String> protectedVariables =
          List.of(
              "SLIPWAY_CACHE_URL=" + redis.url(),
              "SLIPWAY_CACHE_TRUST_KEY=" + TRUST_KEY,
              "SLIPWAY_PUSHGATEWAY_URL=" + gateway.url());

      // 1. The default branch, cold: builds, pushes both services, writes the remote cache.
      String first = pipeline(repo, env, registryVariables, protectedVariables, "5m");
      assertThat(first)
          .contains("PASS  cache-keys")
          .contains("PASS  images")
          .doesNotContain("FAIL");
      Path keys = artifact(repo, "cache-keys", ".gitlab-ci-reports/dotenv/cache-keys.env");
      String compileKey = CacheKey.compute(repo, env, CacheKey.Part.COMPILE, "slipway");
      assertThat(Files.readString(keys))
          .contains("SLIPWAY_MODULES_KEY=slipway-modules-")
          .contains("SLIPWAY_COMPILE_KEY=" + compileKey + "\n");
      assertThat(
              repo.resolve(".gitlab-ci-local/cache").resolve(compileKey).resolve(".cache/slipway"))
          .as("the compile cache, saved under the key slipway ci cache-key printed")
          .isDirectory();

      JsonNode summary =
          JSON.readTree(artifact(repo, "images", "slipway-out/summary.json").toFile());
      assertThat(summary.path("targets")).hasSize(2);
      assertThat(summary.path("blobs").path("uploaded").asInt()).isPositive();
      assertThat(summary.path("budget").path("seconds").asDouble()).isEqualTo(300.0);
      JsonNode actions = summary.path("cache").path("actions");
      assertThat(actions.path("verified").asBoolean()).as("the trust key was used").isTrue();
      assertThat(actions.path("writer").asText()).isEqualTo("main");
      JsonNode remote = actions.path("remotes").path(redis.url());
      assertThat(remote.path("readOnly").asBoolean()).isFalse();
      assertThat(remote.path("writes").asInt()).isPositive();
      int redisKeys = redis.keys("*").size();
      assertThat(redisKeys).isPositive();

      List<String> refs =
          Files.readAllLines(artifact(repo, "images", "slipway-out/images.txt")).stream()
              .filter(l -> !l.isBlank())
              .sorted()
              .toList();
      assertThat(refs).hasSize(2);
      for (String service : List.of("api", "worker")) {
        String ref = registry.host() + "/team/shop/" + service;
        String digest =
            JSON.readTree(ImageTools.inspect("docker://" + ref, "--creds", "ci:" + PASSWORD))
                .path("Digest")
                .asText();
        assertThat(refs).contains(ref + "@" + digest);
      }
      assertThat(reportBuilds(repo)).isEqualTo(1);
      assertThat(pushed(gateway)).anyMatch(l -> l.startsWith("slipway_build_duration_seconds{"));
      assertThat(first).doesNotContain(PASSWORD).doesNotContain(TRUST_KEY);

      // 2. The same commit again, with the CI caches restored: nothing is built or pushed, nothing
      // written to the remote; a budget of 1ms fails the job (exit 3) after every output.
      long writes = registryWrites(registry);
      String second = pipeline(repo, env, registryVariables, protectedVariables, "1ms");
      assertThat(second).contains("PASS  cache-keys").contains("FAIL  images");
      assertThat(second).contains("over its --budget of 0.001s");
      summary = JSON.readTree(artifact(repo, "images", "slipway-out/summary.json").toFile());
      assertThat(summary.path("cache").path("fastPath").asBoolean()).isTrue();
      assertThat(summary.path("blobs").path("uploaded").asInt()).isZero();
      assertThat(summary.path("budget").path("over").asBoolean()).isTrue();
      assertThat(registryWrites(registry)).as("no blob, no manifest").isEqualTo(writes);
      assertThat(redis.keys("*")).hasSize(redisKeys);
      assertThat(reportBuilds(repo)).as("the report of an over-budget build").isEqualTo(2);

      // 3. A merge request changing a shared package, on a fresh runner (no CI cache): the remote
      // serves what the default branch compiled, and nothing is pushed or written to it.
      git(repo, "checkout", "-q", "-b", "feature");
      GoModules.changeGreeting(repo, "v2");
      git(repo, "commit", "-qam", "a new greeting");
      deleteTree(repo.resolve(".gitlab-ci-local/cache"));
      List<String> metrics = pushed(gateway);
      String mr =
          pipeline(
              repo,
              env,
              registryVariables,
              List.of(
                  "SLIPWAY_CACHE_READ_URL=" + redis.url(),
                  "CI_PIPELINE_SOURCE=merge_request_event",
                  "CI_MERGE_REQUEST_IID=7",
                  "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME=feature",
                  "CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main"),
              "5m",
              "--unset-variable",
              "CI_COMMIT_BRANCH");
      assertThat(mr).contains("PASS  images:check").doesNotContain("FAIL");
      assertThat(mr).as("the default branch's job").doesNotContainPattern("(?m)^images ");
      assertThat(mr).doesNotContain(PASSWORD);
      summary = JSON.readTree(artifact(repo, "images:check", "slipway-out/summary.json").toFile());
      remote = summary.path("cache").path("actions").path("remotes").path(redis.url());
      assertThat(remote.path("readOnly").asBoolean()).isTrue();
      assertThat(remote.path("writes").asInt()).isZero();
      assertThat(remote.path("writers").path("main").asInt())
          .as("actions the default branch wrote, used here")
          .isPositive();
      JsonNode fromRemote = summary.path("cache").path("actions").path("tiers").path(redis.url());
      assertThat(fromRemote.path("files").asInt()).as("actions from the remote").isPositive();
      summary.path("targets").forEach(t -> assertThat(t.has("image")).as("pushed").isFalse());
      assertThat(redis.keys("*")).as("nothing written to the remote").hasSize(redisKeys);
      assertThat(registryWrites(registry)).isEqualTo(writes);
      assertThat(pushed(gateway)).as("no metrics pushed").isEqualTo(metrics);
    }
  }

  /** Two services sharing a package, committed on main, with the files the README asks for. */
  private Path repository() throws IOException {
    Path repo = GoModules.service(tmp.resolve("repo"), "api", "worker");
    Files.copy(Path.of("examples/ci/gitlab-ci.yml"), repo.resolve(".gitlab-ci.yml"));
    // Only the report, which another command writes: Slipway keeps the caches out by itself.
    GoModules.write(repo.resolve(".slipwayignore"), "slipway-out/\n");
    GoModules.write(repo.resolve(".gitignore"), ".cache/\nslipway-out/\n.gitlab-ci-local/\n");
    git(repo, "init", "-q", "-b", "main");
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "two services");
    return repo;
  }

  /**
   * The runner's own environment: a home, caches and temporary directory of this test's, and the
   * jar as {@code slipway} first on PATH, as examples/ci/README.md installs it.
   */
  private Map<String, String> runnerEnvironment() throws IOException {
    Map<String, String> env = TestEnvironment.cold(tmp.resolve("runner"));
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path jar = Path.of(System.getProperty("slipway.jar", "target/slipway.jar")).toAbsolutePath();
    assertThat(jar).as("mvn package makes it before the integration tests").isRegularFile();
    Path slipway = bin.resolve("slipway");
    Files.writeString(
        slipway,
        "#!/bin/sh\nexec '"
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar '"
            + jar
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(slipway, PosixFilePermissions.fromString("rwxr-xr-x"));
    env.put("PATH", bin + ":" + env.get("PATH"));
    env.put("TMPDIR", Files.createDirectories(tmp.resolve("tmpdir")).toString());
    env.remove("SLIPWAY_CACHE_DIR"); // the pipeline's variables say where its caches are
    return env;
  }

  /** Runs the whole pipeline in {@code repo}; gitlab-ci-local's output, which must end. */
  private String pipeline(
      Path repo,
      Map<String, String> env,
      List<String> registryVariables,
      List<String> variables,
      String budget,
      String... more) {
    List<String> command =
        new ArrayList<>(
            List.of(
                NodeTestTools.gitlabCiLocal().toString(),
                "--no-color",
                "--shell-isolation",
                "--file",
                ".gitlab-ci.yml"));
    for (String v : registryVariables) {
      command.addAll(List.of("--variable", v));
    }
    for (String v : variables) {
      command.addAll(List.of("--variable", v));
    }
    command.addAll(List.of("--variable", "SLIPWAY_BUDGET=" + budget));
    command.addAll(List.of(more));
    TestEnvironment.Result result =
        TestEnvironment.run(repo, env, 240, command.toArray(String[]::new));
    assertThat(result.code()).as("gitlab-ci-local ended:\n" + result.output()).isNotNegative();
    return result.output();
  }

  /** A file of a job's artifacts, as gitlab-ci-local keeps them. */
  private static Path artifact(Path repo, String job, String file) {
    Path path = repo.resolve(".gitlab-ci-local/artifacts").resolve(safeName(job)).resolve(file);
    assertThat(path).as(job + " artifact " + file).isRegularFile();
    return path;
  }

  /** How many builds the HTML report covers, from the data it embeds for its script. */
  private static int reportBuilds(Path repo) throws IOException {
    String html = Files.readString(artifact(repo, "images", "slipway-out/report.html"));
    Matcher m =
        Pattern.compile(
                "<script type=\"application/json\" id=\"slipway-data\">(.*?)</script>",
                Pattern.DOTALL)
            .matcher(html);
    assertThat(m.find()).as("the report's data").isTrue();
    JsonNode data = JSON.readTree(m.group(1));
    return data.path("builds").size();
  }

  /** What builds pushed to the gateway (its own metrics left out: they change as it runs). */
  private static List<String> pushed(PushgatewayServer gateway) {
    return gateway.metrics().lines().filter(l -> l.contains("job=\"slipway\"")).toList();
  }

  /** Blob uploads begun and manifests or blobs written, all told. */
  private static long registryWrites(RegistryServer registry) {
    return registry.countRequests("PUT", "/v2/") + registry.countRequests("POST", "/v2/");
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** git in the test's own environment. */
  private void git(Path dir, String... args) {
    Git.run(dir, tmp.resolve("git-env"), args);
  }

  /**
   * gitlab-ci-local's directory name for a job: each run of characters other than letters, digits,
   * {@code _} and {@code -} as base64url ({@code images:check} is {@code imagesOgcheck}).
   */
  private static String safeName(String job) {
    Matcher m = Pattern.compile("[^\\w-]+").matcher(job);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out,
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(m.group().getBytes(StandardCharsets.UTF_8)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
