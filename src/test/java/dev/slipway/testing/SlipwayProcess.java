package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Slipway as CI runs it: a JVM of its own on {@code target/slipway.jar} (made by {@code mvn
 * package} before the integration tests), so that processes can race each other, or be killed.
 * {@code -Dslipway.jar=FILE} runs another jar instead, to check that a test fails without a fix.
 */
public final class SlipwayProcess {
  private SlipwayProcess() {}

  /**
   * The environment a test's Slipway starts from: this one, without settings that would steer it
   * elsewhere (a cache program, remotes, a repository, a source date), with {@code own} on top.
   */
  public static Map<String, String> environment(Map<String, String> own) {
    Map<String, String> env = new HashMap<>(System.getenv());
    for (String name :
        List.of("GOCACHEPROG", "SLIPWAY_CACHE", "SLIPWAY_REPO", "SOURCE_DATE_EPOCH", "GOFLAGS")) {
      env.remove(name);
    }
    env.put("GOTOOLCHAIN", "local");
    env.putAll(own);
    return env;
  }

  /**
   * Starts {@code slipway args...} with exactly {@code env}; stdout and stderr go to {@code log}.
   */
  public static Process start(Map<String, String> env, Path log, String... args) {
    Path jar = Path.of(System.getProperty("slipway.jar", "target/slipway.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run mvn package first");
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // as the launcher runs it; one JIT tier keeps four JVMs off two cores' backs
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a finished process wrote, for failure messages. */
  public static String output(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
