package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** git, run in a test's own environment. */
public final class Git {
  private Git() {}

  /** Runs git in {@code dir}; it must succeed. Its output. */
  public static String run(Path dir, Path envDir, String... args) {
    List<String> command =
        new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.com"));
    command.addAll(List.of(args));
    TestEnvironment.Result r =
        TestEnvironment.run(dir, TestEnvironment.of(envDir), 60, command.toArray(String[]::new));
    assertThat(r.code()).as(r.output()).isZero();
    return r.output();
  }

  /** Makes {@code dir} a repository with everything in it committed; the commit's id. */
  public static String init(Path dir, Path envDir) {
    run(dir, envDir, "init", "-q");
    run(dir, envDir, "add", "-A");
    run(dir, envDir, "commit", "-qm", "initial");
    return run(dir, envDir, "rev-parse", "HEAD").strip();
  }
}
