package dev.slipway.cli;

import dev.slipway.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Runs {@link Main} in-process with captured streams and a private cache directory. */
final class CliRun {
  final int exitCode;
  final String out;
  final String err;

  CliRun(int exitCode, String out, String err) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
  }

  /** A private environment ({@link TestEnvironment}) beside {@code cacheDir}, the cache. */
  static Map<String, String> env(Path cacheDir) {
    Map<String, String> env =
        TestEnvironment.of(cacheDir.resolveSibling(cacheDir.getFileName() + "-env"));
    env.put("SLIPWAY_CACHE_DIR", cacheDir.toString());
    return env;
  }

  static CliRun run(Map<String, String> env, String... args) {
    return runIn(null, env, args);
  }

  /**
   * As {@link #run}, in {@code cwd} (null: the JVM's), as a warm server runs a client's command.
   */
  static CliRun runIn(Path cwd, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = cwd == null ? Main.run(o, e, env, args) : Main.run(o, e, env, cwd, args);
    }
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A module with one main package at its root. */
  static Path tinyModule(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("go.mod"), "module example.com/tiny\n\ngo 1.21\n");
    Files.writeString(
        dir.resolve("main.go"),
        "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"tiny\") }\n");
    return dir;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
