package dev.slipway.testing;

import java.nio.file.Path;
import java.util.Map;

/**
 * Real modules from the public Go module proxy, for the few tests that build against them instead
 * of a module tree of their own. The proxy is the one go uses when nobody configured it: read from
 * {@code go env GOPROXY} with no configuration, so no test names a registry host.
 */
public final class PublicModules {
  private PublicModules() {}

  /**
   * go's built-in GOPROXY: with GOENV off and nothing else set, no go.env of the user's and no
   * variable of the test's environment can change what go reports.
   */
  public static String goproxy(Path home) {
    Map<String, String> clean =
        Map.of(
            "PATH",
            System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "HOME",
            home.toString(),
            "GOENV",
            "off",
            "GOTOOLCHAIN",
            "local");
    TestEnvironment.Result r = go(home, clean, 60, "env", "GOPROXY");
    if (r.code() != 0 || r.output().isBlank()) {
      throw new AssertionError("go env GOPROXY failed:\n" + r.output());
    }
    return r.output().strip();
  }

  /**
   * Runs {@code go mod tidy} in {@code module} with {@code goproxy}, its module cache under {@code
   * work} (not the one the build under test uses, which must fetch for itself), and fails saying
   * the proxy is needed when it cannot be reached: a test that needs the network fails rather than
   * passing without having run.
   */
  public static void tidy(Path module, String goproxy, Path work) {
    Map<String, String> env = TestEnvironment.cold(work);
    env.put("GOPROXY", goproxy);
    env.put("GOWORK", "off");
    TestEnvironment.Result r = go(module, env, 120, "mod", "tidy");
    if (r.code() != 0) {
      throw new AssertionError(
          "go mod tidy in "
              + module
              + " failed. This test builds against real modules and needs the public Go module"
              + " proxy (GOPROXY="
              + goproxy
              + ", go's default) and checksum database to be reachable:\n"
              + r.output());
    }
  }

  private static TestEnvironment.Result go(
      Path dir, Map<String, String> env, int seconds, String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "go";
    System.arraycopy(args, 0, command, 1, args.length);
    return TestEnvironment.run(dir, env, seconds, command);
  }
}
