package dev.slipway.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Go tools of scripts/test-tools/go (cosign, olareg, actionlint), which scripts/install-deps
 * builds once into the user's cache under a name from the hash of that module's go.mod and go.sum
 * (the same rule as the script's).
 */
public final class GoTestTools {
  private static final Path MODULE = Path.of("scripts/test-tools/go");

  private GoTestTools() {}

  public static Path cosign() {
    return bin("cosign");
  }

  public static Path olareg() {
    return bin("olareg");
  }

  public static Path actionlint() {
    return bin("actionlint");
  }

  /**
   * cosign with {@code args} against a registry on plain HTTP, with a home of its own under {@code
   * dir} (cosign keeps a TUF cache there, and it is the working directory) and no transparency log:
   * the keys are the tests' own, and those cosign generates have an empty password.
   */
  public static TestEnvironment.Result cosign(Path dir, String... args) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", dir.toString());
    env.put("DOCKER_CONFIG", dir.resolve("docker").toString());
    env.put("COSIGN_PASSWORD", "");
    List<String> command = new java.util.ArrayList<>();
    command.add(cosign().toString());
    command.addAll(List.of(args));
    return TestEnvironment.run(dir, env, 120, command.toArray(String[]::new));
  }

  private static Path bin(String name) {
    Path dir = TestToolsCache.dir("go-tools", MODULE.resolve("go.mod"), MODULE.resolve("go.sum"));
    return TestToolsCache.installed(dir, "Go test tools").resolve(name);
  }
}
