package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launcher's client (launcher/client) as the tests run it: built with the real go, talking to
 * real servers, each a JVM of its own on target/slipway.jar started by the client itself.
 */
final class Clients {
  private static final Pattern PID = Pattern.compile("pid (\\d+)\\)");

  private final Path binary;

  private Clients(Path binary) {
    this.binary = binary;
  }

  /** Builds the client into {@code dir} with the go on PATH, as the launcher does. */
  static Clients build(Path dir) {
    Path out = dir.resolve("slipway-client");
    Map<String, String> env = TestEnvironment.of(dir.resolve("go-env"));
    env.put("CGO_ENABLED", "0");
    env.put("GOWORK", "off");
    TestEnvironment.Result r =
        TestEnvironment.run(
            Path.of("launcher/client").toAbsolutePath(),
            env,
            300,
            "go",
            "build",
            "-trimpath",
            "-o",
            out.toString(),
            ".");
    assertThat(r.code()).as(r.output()).isZero();
    return new Clients(out);
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("slipway.jar", "target/slipway.jar")).toAbsolutePath();
    assertThat(jar).as("run mvn package first").isRegularFile();
    return jar;
  }

  /** What a finished client wrote and its exit code. */
  record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** A client started: {@code slipway args...} in {@code cwd} with exactly {@code env}. */
  record Started(Process process, Path out, Path err) {
    Run await(int seconds) throws Exception {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("the client ran over " + seconds + " s:\n" + result(-1));
      }
      return result(process.exitValue());
    }

    private Run result(int code) throws IOException {
      return new Run(
          code,
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    }
  }

  Started start(Path cwd, Map<String, String> env, String key, String... args) {
    return start(cwd, env, key, jar(), args);
  }

  /** With {@code key} null, the client takes it from {@code jar}, as the launcher runs it. */
  Started start(Path cwd, Map<String, String> env, String key, Path jar, String... args) {
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    if (key != null) {
      command.addAll(List.of("-key", key));
    }
    command.addAll(List.of("-jar", jar.toString()));
    for (String java :
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1")) {
      command.addAll(List.of("-java", java));
    }
    command.add("--");
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(cwd.getParent(), "client", ".out");
      Path err = Files.createTempFile(cwd.getParent(), "client", ".err");
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(cwd.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      pb.environment().clear();
      pb.environment().putAll(env);
      return new Started(pb.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs the client on a terminal of its own: util-linux {@code script} gives it a pseudo-terminal
   * for stdin, stdout and stderr, whose output (both streams, with CRLF) is {@link Run#out}.
   */
  Run runOnTerminal(Path cwd, Map<String, String> env, String key, String... args)
      throws Exception {
    List<String> client = new ArrayList<>(List.of(binary.toString(), "-key", key));
    client.addAll(List.of("-jar", jar().toString()));
    client.addAll(
        List.of("-java", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    client.add("--");
    client.addAll(List.of(args));
    StringBuilder line = new StringBuilder();
    for (String word : client) {
      line.append('\'').append(word.replace("'", "'\\''")).append("' ");
    }
    Path out = Files.createTempFile(cwd.getParent(), "script", ".out");
    ProcessBuilder pb =
        new ProcessBuilder("script", "-qec", line.toString().strip(), "/dev/null")
            .directory(cwd.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("script ran over 300 s: " + Files.readString(out));
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), "");
  }

  Run run(Path cwd, Map<String, String> env, String key, String... args) throws Exception {
    return start(cwd, env, key, args).await(300);
  }

  /**
   * Where the client puts the server for {@code env}'s cache and {@code key}: in
   * $XDG_RUNTIME_DIR/slipway, named by a hash of the cache directory and the key.
   */
  static Path socket(Map<String, String> env, String key) {
    try {
      byte[] sum =
          MessageDigest.getInstance("SHA-256")
              .digest((env.get("SLIPWAY_CACHE_DIR") + "\0" + key).getBytes(StandardCharsets.UTF_8));
      return Path.of(env.get("XDG_RUNTIME_DIR"), "slipway")
          .resolve(HexFormat.of().formatHex(sum, 0, 8) + ".sock");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path log(Path socket) {
    String name = socket.getFileName().toString();
    return socket.resolveSibling(name.substring(0, name.length() - ".sock".length()) + ".log");
  }

  static String logText(Path socket) throws IOException {
    Path log = log(socket);
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** The pid of the server whose log says it listens on {@code socket}. */
  static Optional<ProcessHandle> server(Path socket) throws IOException {
    Matcher m = PID.matcher(logText(socket));
    return m.find() ? ProcessHandle.of(Long.parseLong(m.group(1))) : Optional.empty();
  }

  /** Polls {@code condition} until it holds or {@code limit} has passed; true if it held. */
  static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }
}
