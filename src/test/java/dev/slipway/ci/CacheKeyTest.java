package dev.slipway.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway ci cache-key}: the go.sum set, toolchain and platform decide the key, and nothing
 * else. go itself ({@code go env}) is asked, with caches of the test's own.
 */
class CacheKeyTest {
  private static final CacheKey.Toolchain GO_126 =
      new CacheKey.Toolchain("go1.26.0", "linux", "amd64");

  @TempDir Path tmp;

  /** A repository of two modules, each with a go.sum, and a third that requires nothing. */
  private Path repo(Path dir) {
    GoModules.write(dir.resolve("services/api/go.mod"), "module example.com/api\n\ngo 1.24\n");
    GoModules.write(dir.resolve("services/api/go.sum"), "example.com/a v1.0.0 h1:aaa=\n");
    GoModules.write(dir.resolve("services/api/main.go"), "package main\n\nfunc main() {}\n");
    GoModules.write(dir.resolve("services/worker/go.mod"), "module example.com/w\n\ngo 1.24\n");
    GoModules.write(dir.resolve("services/worker/go.sum"), "example.com/b v1.0.0 h1:bbb=\n");
    GoModules.write(dir.resolve("tools/go.mod"), "module example.com/tools\n\ngo 1.24\n");
    return dir;
  }

  private String key(Path dir) throws Exception {
    return key(dir, CacheKey.Part.COMPILE);
  }

  private String key(Path dir, CacheKey.Part part) throws Exception {
    Map<String, String> env = TestEnvironment.cold(tmp.resolve("env"));
    return CacheKey.compute(dir, env, part, "slipway");
  }

  @Test
  void theRealGoNamesTheToolchainAndPlatform() throws Exception {
    Path repo = repo(tmp.resolve("repo"));
    Map<String, String> env = TestEnvironment.cold(tmp.resolve("env"));
    String version =
        TestEnvironment.run(repo, env, 60, "go", "env", "GOVERSION", "GOOS", "GOARCH")
            .output()
            .strip()
            .replace('\n', '-');

    assertThat(key(repo)).matches("slipway-" + version.replace(".", "\\.") + "-[0-9a-f]{16}");
    assertThat(key(repo, CacheKey.Part.MODULES)).matches("slipway-modules-[0-9a-f]{16}");
    assertThat(key(repo)).as("the same inputs, run again").isEqualTo(key(repo));
  }

  @Test
  void anyGoSumChangingChangesTheKey() throws Exception {
    Path repo = repo(tmp.resolve("repo"));
    String before = key(repo);
    String modulesBefore = key(repo, CacheKey.Part.MODULES);

    Path sum = repo.resolve("services/worker/go.sum");
    Files.writeString(sum, "example.com/b v1.0.1 h1:ccc=\n");
    assertThat(key(repo)).isNotEqualTo(before);
    assertThat(key(repo, CacheKey.Part.MODULES)).isNotEqualTo(modulesBefore);

    Files.writeString(sum, "example.com/b v1.0.0 h1:bbb=\n");
    assertThat(key(repo)).as("the content decides, not the file's times").isEqualTo(before);
  }

  @Test
  void aGoSumAddedChangesTheKey() throws Exception {
    Path repo = repo(tmp.resolve("repo"));
    String before = key(repo);

    GoModules.write(repo.resolve("tools/go.sum"), "");
    String withEmptySum = key(repo);
    assertThat(withEmptySum).as("tools now has a go.sum, if an empty one").isNotEqualTo(before);

    GoModules.write(repo.resolve("services/billing/go.mod"), "module example.com/billing\n");
    GoModules.write(repo.resolve("services/billing/go.sum"), "example.com/c v1.0.0 h1:c=\n");
    assertThat(key(repo)).as("a new module").isNotEqualTo(withEmptySum);
  }

  @Test
  void sourceFilesAndSkippedDirectoriesDoNotChangeTheKey() throws Exception {
    Path repo = repo(tmp.resolve("repo"));
    String before = key(repo);

    GoModules.write(repo.resolve("services/api/main.go"), "package main\n\nfunc main() {}\n//\n");
    GoModules.write(repo.resolve("services/api/go.mod"), "module example.com/api\n\ngo 1.25\n");
    for (String skipped :
        List.of("vendor/x", "services/api/testdata/m", ".git/m", "_old/m", "web/node_modules/m")) {
      GoModules.write(repo.resolve(skipped + "/go.mod"), "module example.com/skipped\n");
      GoModules.write(repo.resolve(skipped + "/go.sum"), "example.com/z v1.0.0 h1:z=\n");
    }

    assertThat(key(repo)).isEqualTo(before);
  }

  @Test
  void theToolchainAndPlatformChangeOnlyTheCompileKey() throws Exception {
    GoSumSet sums = new GoSumSet(List.of(new GoSumSet.Entry("go.sum", "ab".repeat(32))));
    String compile = CacheKey.of(CacheKey.Part.COMPILE, "slipway", sums, GO_126);
    String modules = CacheKey.of(CacheKey.Part.MODULES, "slipway", sums, GO_126);

    CacheKey.Toolchain go127 = new CacheKey.Toolchain("go1.27.0", "linux", "amd64");
    CacheKey.Toolchain arm = new CacheKey.Toolchain("go1.26.0", "linux", "arm64");
    assertThat(CacheKey.of(CacheKey.Part.COMPILE, "slipway", sums, go127))
        .startsWith("slipway-go1.27.0-linux-amd64-")
        .isNotEqualTo(compile);
    assertThat(CacheKey.of(CacheKey.Part.COMPILE, "slipway", sums, arm)).isNotEqualTo(compile);
    assertThat(CacheKey.of(CacheKey.Part.MODULES, "slipway", sums, go127)).isEqualTo(modules);
    assertThat(compile.substring(compile.lastIndexOf('-')))
        .as("the compile hash covers the toolchain too")
        .isNotEqualTo(modules.substring(modules.lastIndexOf('-')));
  }

  @Test
  void aDevelopmentToolchainStillMakesAKeyACiSystemTakes() throws Exception {
    GoSumSet sums = new GoSumSet(List.of());
    CacheKey.Toolchain devel =
        new CacheKey.Toolchain("devel go1.27-abc/def Tue, 3 Mar X:boringcrypto", "linux", "amd64");
    assertThat(CacheKey.of(CacheKey.Part.COMPILE, "ci", sums, devel))
        .matches("ci-devel_go1\\.27-abc_def_Tue_3_Mar_X_boringc-linux-amd64-[0-9a-f]{16}");
  }

  @Test
  void theOrderADirectoryListsInDoesNotMatter() throws Exception {
    List<GoSumSet.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      entries.add(new GoSumSet.Entry("m" + i + "/go.sum", String.format("%064x", i)));
    }
    String key = CacheKey.of(CacheKey.Part.COMPILE, "s", new GoSumSet(entries), GO_126);
    for (long seed = 1; seed <= 5; seed++) {
      List<GoSumSet.Entry> shuffled = new ArrayList<>(entries);
      Collections.shuffle(shuffled, new Random(seed));
      assertThat(CacheKey.of(CacheKey.Part.COMPILE, "s", new GoSumSet(shuffled), GO_126))
          .isEqualTo(key);
    }

    // The same tree written in the opposite order, in another place: the same key.
    Path a = repo(tmp.resolve("a"));
    Path b = tmp.resolve("elsewhere/b");
    GoModules.write(b.resolve("tools/go.mod"), "module example.com/tools\n\ngo 1.24\n");
    GoModules.write(b.resolve("services/worker/go.sum"), "example.com/b v1.0.0 h1:bbb=\n");
    GoModules.write(b.resolve("services/worker/go.mod"), "module example.com/w\n\ngo 1.24\n");
    GoModules.write(b.resolve("services/api/go.sum"), "example.com/a v1.0.0 h1:aaa=\n");
    GoModules.write(b.resolve("services/api/go.mod"), "module example.com/api\n\ngo 1.24\n");
    assertThat(key(b)).isEqualTo(key(a));
  }

  @Test
  void aWorkspaceNamesItsModulesAndItsGoWorkSum() throws Exception {
    Path repo = repo(tmp.resolve("repo"));
    GoModules.write(
        repo.resolve("go.work"), "go 1.24\n\nuse (\n\t./services/api\n\t\"./tools\"\n)\n");
    String key = key(repo);
    GoSumSet sums = GoSumSet.find(repo, repo.resolve("go.work").toString());
    assertThat(sums.entries())
        .extracting(GoSumSet.Entry::path)
        .containsExactly("services/api/go.sum", "tools/go.sum");

    Files.writeString(repo.resolve("services/worker/go.sum"), "example.com/b v9.0.0 h1:x=\n");
    assertThat(key(repo)).as("worker is not in the workspace").isEqualTo(key);

    GoModules.write(repo.resolve("go.work.sum"), "example.com/d v1.0.0 h1:d=\n");
    assertThat(key(repo)).as("go.work.sum").isNotEqualTo(key);
  }

  @Test
  void aDirectoryInsideAModuleUsesThatModule() throws Exception {
    Path repo = tmp.resolve("repo");
    GoModules.service(repo, "api");
    GoModules.write(repo.resolve("go.sum"), "example.com/a v1.0.0 h1:aaa=\n");

    assertThat(key(repo.resolve("cmd/api"))).isEqualTo(key(repo));
  }

  @Test
  void noModuleAnywhereIsBadInputNamingTheDirectory() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> key(empty))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("no go.mod or go.work");
    assertThatThrownBy(
            () -> CacheKey.of(CacheKey.Part.COMPILE, "a/b", new GoSumSet(List.of()), GO_126))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--prefix a/b");
  }

  @Test
  void aMalformedGoWorkIsBadInputNamingItsLine() throws Exception {
    Path repo = repo(tmp.resolve("repo"));
    GoModules.write(repo.resolve("go.work"), "go 1.24\n\nuse ./a ./b\n");
    assertThatThrownBy(() -> GoSumSet.find(repo, repo.resolve("go.work").toString()))
        .isInstanceOf(UsageException.class)
        .hasMessage(repo.resolve("go.work") + ":3: usage: use local/dir");
  }
}
