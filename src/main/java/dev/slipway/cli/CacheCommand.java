package dev.slipway.cli;

import dev.slipway.build.CacheTasks;
import dev.slipway.core.BuildFailedException;
import dev.slipway.core.StoreCheck;
import dev.slipway.core.UsageException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway cache stats|gc|verify}: the local tier of the compile cache. */
@Command(
    name = "cache",
    description = "Inspect, trim or check the local compile cache.",
    mixinStandardHelpOptions = true,
    subcommands = {CacheCommand.Stats.class, CacheCommand.Gc.class, CacheCommand.Verify.class})
final class CacheCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** How much the local tier holds. */
  @Command(name = "stats", description = "Entries and bytes in the local tier.")
  static final class Stats implements Callable<Integer> {
    private final PrintStream out;
    private final Map<String, String> env;

    private final Paths paths;

    Stats(PrintStream out, Map<String, String> env, Paths paths) {
      this.paths = paths;
      this.out = out;
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      CacheTasks.stats(paths.cacheDir(env)).forEach(out::println);
      return 0;
    }
  }

  /** Least-recently-used eviction down to a size. */
  @Command(name = "gc", description = "Evict least-recently-used entries down to --max-size.")
  static final class Gc implements Callable<Integer> {
    private final PrintStream out;
    private final Map<String, String> env;

    @Option(
        names = "--max-size",
        required = true,
        paramLabel = "SIZE",
        description = "e.g. 2G, 500M, or bytes")
    String maxSize;

    private final Paths paths;

    Gc(PrintStream out, Map<String, String> env, Paths paths) {
      this.paths = paths;
      this.out = out;
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      long max;
      try {
        max = CacheTasks.parseSize(maxSize);
      } catch (NumberFormatException | ArithmeticException e) {
        throw new UsageException("--max-size " + maxSize + ": expected a size such as 2G or 500M");
      }
      out.println(CacheTasks.gc(paths.cacheDir(env), max));
      return 0;
    }
  }

  /** Checks every store under the cache directory and drops what does not match. */
  @Command(
      name = "verify",
      description =
          "Check every store in the cache directory (actions, layers, base, bin, memo, modules);"
              + " remove and report bad entries.")
  static final class Verify implements Callable<Integer> {
    private final PrintStream out;
    private final Map<String, String> env;

    private final Paths paths;

    Verify(PrintStream out, Map<String, String> env, Paths paths) {
      this.paths = paths;
      this.out = out;
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      int removed = 0;
      for (StoreCheck check : CacheTasks.verify(paths.cacheDir(env))) {
        out.println(check.summary());
        check.removed().forEach(line -> out.println("  removed " + line));
        removed += check.removed().size();
      }
      if (removed > 0) {
        throw new BuildFailedException(removed + " damaged cache entries were removed");
      }
      return 0;
    }
  }
}
