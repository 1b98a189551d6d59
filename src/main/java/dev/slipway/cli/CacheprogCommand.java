package dev.slipway.cli;

import dev.slipway.build.CacheprogTasks;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slipway cacheprog}: Slipway's action cache as the user's own GOCACHEPROG. Stdout carries
 * only protocol JSON; anything else goes to stderr, which the go command shows.
 */
@Command(
    name = "cacheprog",
    description = {
      "Serve Slipway's compile cache to the go command over the GOCACHEPROG protocol.",
      "Use: GOCACHEPROG='slipway cacheprog' go build ./..."
    },
    mixinStandardHelpOptions = true)
final class CacheprogCommand implements Callable<Integer> {
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print the cache's hits and misses to stderr when go closes it.")
  boolean verbose;

  private final Paths paths;

  CacheprogCommand(
      InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Paths paths) {
    this.paths = paths;
    this.in = in;
    this.out = out;
    this.err = err;
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    List<String> stats = CacheprogTasks.serveStdio(paths.cacheDir(env), env, in, out);
    if (verbose) {
      stats.forEach(line -> err.println("slipway cacheprog: " + line));
    }
    return 0;
  }
}
