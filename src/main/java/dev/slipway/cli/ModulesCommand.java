package dev.slipway.cli;

import dev.slipway.build.ModuleTasks;
import dev.slipway.build.RemoteCaches;
import dev.slipway.core.BuildFailedException;
import dev.slipway.core.UsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway modules warm|verify}: the go.sum-verified module store. */
@Command(
    name = "modules",
    description = "Fill or check Slipway's verified module store.",
    mixinStandardHelpOptions = true,
    subcommands = {ModulesCommand.Warm.class, ModulesCommand.Verify.class})
final class ModulesCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** Fetches what builds read (or, with --all, every go.sum module) into the store. */
  @Command(
      name = "warm",
      description = {
        "Fetch the module files a build of PACKAGES (default ./...) reads into the store, verified"
            + " against go.sum: exactly the go.mod files and zips go asks for.",
        "With --all, every module go.sum lists, as a team proxy wants."
      },
      mixinStandardHelpOptions = true)
  static final class Warm implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    @Option(names = "-C", paramLabel = "DIR", description = "Run as if started in DIR.")
    Path chdir;

    @Option(names = "--offline", description = "Fetch nothing; list the modules not stored.")
    boolean offline;

    @Option(
        names = "-j",
        paramLabel = "N",
        description = "Parallel fetches with --all (default 8).")
    int jobs = 8;

    @Option(names = "--all", description = "Every module go.sum lists, needed by a build or not.")
    boolean all;

    @Option(
        names = "--cache",
        paramLabel = "URL",
        description =
            "A remote cache to read modules from first and to fill (repeatable; or SLIPWAY_CACHE).")
    List<String> caches = new ArrayList<>();

    @picocli.CommandLine.Parameters(paramLabel = "PACKAGES", description = "Package patterns.")
    List<String> packages = new ArrayList<>();

    private final Paths paths;

    Warm(PrintStream out, PrintStream err, Map<String, String> env, Paths paths) {
      this.paths = paths;
      this.out = out;
      this.err = err;
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      Path workDir = paths.workDir(chdir);
      List<String> cacheUrls = RemoteCaches.urls(caches, env);
      RemoteCaches.check(caches.isEmpty() ? RemoteCaches.ENV : "--cache", cacheUrls, env);
      if (!all && !offline) {
        if (jobs != 8) {
          throw new UsageException(
              "-j applies to --all; go decides how many files it asks at once");
        }
        ModuleTasks.NeededReport needed =
            ModuleTasks.warmNeeded(
                workDir,
                paths.cacheDir(env),
                env,
                packages,
                cacheUrls,
                line -> err.println("slipway: warning: " + line));
        out.printf(
            "%d module(s) read by the build: %d file(s) already stored, %d fetched (%d bytes)%n",
            needed.modules(), needed.stored(), needed.fetched(), needed.fetchedBytes());
        return 0;
      }
      if (!packages.isEmpty()) {
        throw new UsageException("PACKAGES apply without --all and --offline, which read go.sum");
      }
      ModuleTasks.WarmReport report =
          ModuleTasks.warm(
              workDir,
              paths.cacheDir(env),
              env,
              offline,
              Math.max(1, jobs),
              cacheUrls,
              line -> err.println(line));
      out.printf(
          "%d module(s): %d already stored, %d fetched, %d private (left to go)%n",
          report.total(), report.alreadyStored(), report.fetched(), report.skippedPrivate());
      if (!report.failures().isEmpty()) {
        StringBuilder message =
            new StringBuilder(report.failures().size() + " module(s) could not be stored:");
        report
            .failures()
            .forEach((mv, why) -> message.append("\n  ").append(mv).append(": ").append(why));
        throw new BuildFailedException(message.toString());
      }
      return 0;
    }
  }

  /** Re-hashes the store and removes what no longer matches. */
  @Command(
      name = "verify",
      description = "Re-hash every stored module; remove and report bad ones.",
      mixinStandardHelpOptions = true)
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
      ModuleTasks.VerifyReport r = ModuleTasks.verifyStore(paths.cacheDir(env));
      String checked =
          String.format(
              "module store: checked %d blob(s) (%d bytes) and %d module(s)",
              r.blobsChecked(), r.bytesChecked(), r.modulesChecked());
      if (r.clean()) {
        out.println(checked + "; every module matches its hashes");
        return 0;
      }
      r.removedBlobs().forEach(line -> out.println("removed " + line));
      r.removedModules().forEach(line -> out.println("removed " + line));
      out.printf(
          "%s; removed %d damaged blob(s) and %d module(s)%n",
          checked, r.removedBlobs().size(), r.removedModules().size());
      throw new BuildFailedException(
          "the module store held damaged entries; they were removed, and the next build fetches"
              + " those modules again");
    }
  }
}
