package dev.slipway.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real git, in repositories the tests make, with an environment of their own. */
class KoGitInfoTest {
  /** 2023-11-14T22:13:20Z. */
  private static final long COMMIT_TIME = 1700000000L;

  @TempDir Path dir;
  private Path repo;
  private Map<String, String> env;

  @BeforeEach
  void setUp() throws IOException {
    repo = Files.createDirectories(dir.resolve("repo"));
    env = new HashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    for (String who : List.of("AUTHOR", "COMMITTER")) {
      env.put("GIT_" + who + "_NAME", "Test");
      env.put("GIT_" + who + "_EMAIL", "test@example.com");
      env.put("GIT_" + who + "_DATE", "@" + COMMIT_TIME + " +0200");
    }
  }

  @Test
  void aCleanUntaggedRepositoryHasTagV000AndTheCommitsFields() throws Exception {
    String head = commit("first");

    KoGitInfo info = KoGitInfo.read(repo, env);

    assertThat(info)
        .isEqualTo(
            new KoGitInfo(
                "main", "v0.0.0", git("rev-parse", "--short", "HEAD"), head, COMMIT_TIME, false));
    assertThat(info.templateValue())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "Branch",
                "main",
                "Tag",
                "v0.0.0",
                "ShortCommit",
                git("rev-parse", "--short", "HEAD"),
                "FullCommit",
                head,
                "CommitDate",
                "2023-11-14T22:13:20Z",
                "CommitTimestamp",
                COMMIT_TIME,
                "IsDirty",
                false,
                "IsClean",
                true,
                "TreeState",
                "clean"));
  }

  @Test
  void theTagIsTheLatestReachableOneEvenFromALaterCommit() throws Exception {
    commit("first");
    git("tag", "v1.0.0");
    commit("second");
    git("tag", "-a", "v1.1.0", "-m", "annotated");
    String head = commit("third");

    KoGitInfo info = KoGitInfo.read(repo, env);

    assertThat(info.tag()).isEqualTo("v1.1.0");
    assertThat(info.fullCommit()).isEqualTo(head);
  }

  @Test
  void changedOrUntrackedFilesMakeTheTreeDirty() throws Exception {
    commit("first");
    Files.writeString(repo.resolve("file.txt"), "changed");

    Map<String, Object> changed = KoGitInfo.read(repo, env).templateValue();
    git("checkout", "--", "file.txt");
    Files.writeString(repo.resolve("new.txt"), "untracked");
    Map<String, Object> untracked = KoGitInfo.read(repo, env).templateValue();

    for (Map<String, Object> value : List.of(changed, untracked)) {
      assertThat(value)
          .containsEntry("IsDirty", true)
          .containsEntry("IsClean", false)
          .containsEntry("TreeState", "dirty");
    }
  }

  @Test
  void aSubdirectoryOfAWorkTreeReadsTheWholeRepository() throws Exception {
    String head = commit("first");
    Path sub = Files.createDirectories(repo.resolve("cmd/app"));

    assertThat(KoGitInfo.read(sub, env).fullCommit()).isEqualTo(head);
  }

  @Test
  void aDetachedHeadIsOnBranchHead() throws Exception {
    String first = commit("first");
    commit("second");
    git("checkout", "--detach", first);

    KoGitInfo info = KoGitInfo.read(repo, env);

    assertThat(info.branch()).isEqualTo("HEAD");
    assertThat(info.fullCommit()).isEqualTo(first);
  }

  @Test
  void outsideAWorkTreeEverythingIsGosZeroValue() throws Exception {
    Path plain = Files.createDirectories(dir.resolve("plain"));

    KoGitInfo info = KoGitInfo.read(plain, env);

    assertThat(info).isEqualTo(KoGitInfo.NONE);
    assertThat(info.templateValue())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "Branch", "",
                "Tag", "",
                "ShortCommit", "",
                "FullCommit", "",
                "CommitDate", "0001-01-01T00:00:00Z",
                "CommitTimestamp", -62135596800L,
                "IsDirty", false,
                "IsClean", true,
                "TreeState", "clean"));
  }

  @Test
  void aRepositoryWithoutCommitsHasNoInformation() throws Exception {
    git("init", "-q", "-b", "main");
    Files.writeString(repo.resolve("file.txt"), "not committed");

    assertThat(KoGitInfo.read(repo, env)).isEqualTo(KoGitInfo.NONE);
  }

  @Test
  void gitIsFoundOnThePathOfTheGivenEnvironmentOnly() throws Exception {
    commit("first");
    env.put("PATH", Files.createDirectories(dir.resolve("empty-bin")).toString());

    assertThat(KoGitInfo.read(repo, env)).isEqualTo(KoGitInfo.NONE);
  }

  @Test
  void gitReadsItsConfigurationFromTheGivenEnvironmentsHome() throws Exception {
    commit("first");
    Files.writeString(Path.of(env.get("HOME"), ".gitconfig"), "[core]\n\tabbrev = 12\n");

    assertThat(KoGitInfo.read(repo, env).shortCommit()).hasSize(12);
  }

  @Test
  void commitDatesAreRfc3339InUtcWithFourDigitYears() {
    assertThat(info(0).commitDate()).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(info(-1).commitDate()).isEqualTo("1969-12-31T23:59:59Z");
    assertThat(info(253402300799L).commitDate()).isEqualTo("9999-12-31T23:59:59Z");
    assertThat(info(-62135596800L + 86400L * 365 * 5).commitDate())
        .isEqualTo("0005-12-31T00:00:00Z");
    assertThatThrownBy(() -> info(253402300800L)).isInstanceOf(IllegalArgumentException.class);
  }

  private static KoGitInfo info(long timestamp) {
    return new KoGitInfo("b", "t", "s", "f", timestamp, false);
  }

  /** Commits a change to file.txt (making the repository first), returning the commit id. */
  private String commit(String message) throws Exception {
    if (!Files.isDirectory(repo.resolve(".git"))) {
      git("init", "-q", "-b", "main");
    }
    Files.writeString(repo.resolve("file.txt"), message);
    git("add", "file.txt");
    git("commit", "-q", "-m", message);
    return git("rev-parse", "HEAD");
  }

  private String git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile());
    pb.redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process process = pb.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("git " + args[0] + ": " + out).isZero();
    return out.strip();
  }
}
