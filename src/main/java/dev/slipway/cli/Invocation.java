package dev.slipway.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * One run of the CLI: its streams, environment, working directory, and whether it has a terminal.
 * The JVM's own are only one case: a warm server runs many clients' commands at once in one JVM,
 * each with the client's (see dev.slipway.server), so no command may read them from the process.
 *
 * @param in standard input ({@code resolve -f -}, {@code cacheprog})
 * @param cwd the absolute directory relative paths are relative to
 * @param terminal whether the user sees the output on an interactive terminal, as the JDK decides
 *     {@link System#console()}: standard input and output are both a terminal
 */
public record Invocation(
    InputStream in,
    PrintStream out,
    PrintStream err,
    Map<String, String> env,
    Path cwd,
    boolean terminal) {
  public Invocation {
    env = Map.copyOf(env);
    if (!cwd.isAbsolute()) {
      throw new IllegalArgumentException("the working directory must be absolute: " + cwd);
    }
  }

  /**
   * This process's standard input, working directory and console, with {@code out} and {@code err}.
   */
  public static Invocation ofProcess(PrintStream out, PrintStream err, Map<String, String> env) {
    return new Invocation(System.in, out, err, env, jvmDirectory(), interactive(System.console()));
  }

  /** The directory the JVM was started in. */
  public static Path jvmDirectory() {
    return Path.of(System.getProperty("user.dir")).toAbsolutePath();
  }

  Paths paths() {
    return new Paths(cwd);
  }

  /**
   * Up to JDK 21 the console is null unless stdin and stdout are a terminal; from JDK 22 it always
   * exists and {@code Console.isTerminal()} (absent from 17, so called reflectively) tells.
   */
  private static boolean interactive(Console console) {
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 17 to 21: a console exists only on a terminal
    }
  }
}
