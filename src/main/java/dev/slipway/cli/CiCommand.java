package dev.slipway.cli;

import dev.slipway.ci.CacheKey;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway ci cache-key}: helpers for CI systems (see examples/ci). */
@Command(
    name = "ci",
    description = "Helpers for CI pipelines (see examples/ci).",
    mixinStandardHelpOptions = true,
    subcommands = {CiCommand.CacheKeyCommand.class})
final class CiCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** One line: a key for the CI system's own cache of modules or compiled packages. */
  @Command(
      name = "cache-key",
      mixinStandardHelpOptions = true,
      description =
          "Print a key for a CI system's own cache (GitLab cache:key, actions/cache key): from the"
              + " project's go.sum files (every module under the directory, or the go.work's),"
              + " and for compile also the toolchain and platform (go env GOVERSION GOOS GOARCH).")
  static final class CacheKeyCommand implements Callable<Integer> {
    private final Invocation run;

    @Option(
        names = {"-C", "--directory"},
        paramLabel = "DIR",
        description = "Run as if started in DIR.")
    Path chdir;

    @Option(
        names = "--prefix",
        paramLabel = "P",
        description = "The key's first word (default: ${DEFAULT-VALUE}).")
    String prefix = "slipway";

    @Option(
        names = "--part",
        paramLabel = "compile|modules",
        description =
            "modules: the go.sum files alone (for GOMODCACHE); compile: with the toolchain and"
                + " platform (for SLIPWAY_CACHE_DIR and GOCACHE). Default: ${DEFAULT-VALUE}.")
    String part = "compile";

    CacheKeyCommand(Invocation run) {
      this.run = run;
    }

    @Override
    public Integer call() throws Exception {
      CacheKey.Part which = CacheKey.Part.parse("--part", part);
      Path dir = run.paths().workDir(chdir);
      run.out().println(CacheKey.compute(dir, run.env(), which, prefix));
      run.out().flush();
      return 0;
    }
  }
}
