package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Go tools of scripts/test-tools/go (cosign, olareg), which scripts/install-deps builds once
 * into the user's cache under a name from the hash of that module's go.mod and go.sum (the same
 * rule as the script's).
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
    Path dir = dir();
    if (!Files.isRegularFile(dir.resolve("complete"))) {
      throw new AssertionError(
          "the Go test tools are not installed at " + dir + ": run scripts/install-deps");
    }
    return dir.resolve(name);
  }

  private static Path dir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getenv("HOME"), ".cache");
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(Files.readAllBytes(MODULE.resolve("go.mod")));
      sha256.update(Files.readAllBytes(MODULE.resolve("go.sum")));
      String name = "go-tools-" + HexFormat.of().formatHex(sha256.digest()).substring(0, 12);
      return cache.resolve("slipway").resolve("test-tools").resolve(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
