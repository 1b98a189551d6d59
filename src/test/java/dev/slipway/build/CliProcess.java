package dev.slipway.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shipped jar run as a process of its own, as CI runs it, so a test can kill it with SIGKILL at
 * any point. Its output goes to files, so a killed process can never block on a full pipe.
 */
final class CliProcess {
  private static final Path JAR = Path.of("target", "slipway.jar").toAbsolutePath();
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  private final Process process;
  private final Path out;
  private final Path err;

  private CliProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** What a finished process printed and how it ended. */
  record Result(int code, String out, String err) {
    Result ok(String what) {
      if (code != 0) {
        throw new AssertionError(what + ": slipway exited " + code + ":\n" + err + out);
      }
      return this;
    }
  }

  /** Starts {@code slipway args...} with exactly {@code env}; output goes under {@code logs}. */
  static CliProcess start(Map<String, String> env, Path logs, String... args) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException("the shaded jar is missing; run through 'mvn verify'");
    }
    List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    try {
      Files.createDirectories(logs);
      Path out = Files.createTempFile(logs, "out-", ".txt");
      Path err = Files.createTempFile(logs, "err-", ".txt");
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      pb.environment().clear();
      pb.environment().putAll(env);
      return new CliProcess(pb.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs to completion, bounded by five minutes. */
  static Result run(Map<String, String> env, Path logs, String... args) {
    return start(env, logs, args).await(5);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits up to {@code millis} for the process to end on its own; true when it has. */
  boolean waitFor(long millis) throws InterruptedException {
    return process.waitFor(millis, TimeUnit.MILLISECONDS);
  }

  /** SIGKILL, as a CI runner's OOM killer or a cancelled job does; waits until it is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(1, TimeUnit.MINUTES)) {
        throw new AssertionError("slipway " + pid() + " outlived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits for the process to end on its own. */
  Result await(int minutes) {
    try {
      if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("slipway did not finish in " + minutes + " minutes");
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What it printed on stderr so far (the progress lines name the stage it reached). */
  String errSoFar() {
    try {
      return Files.readString(err, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
