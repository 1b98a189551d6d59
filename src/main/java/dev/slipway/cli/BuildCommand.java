package dev.slipway.cli;

import dev.slipway.core.UsageException;
import dev.slipway.plan.BuildRequest;
import dev.slipway.record.BuildSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway build}: parses flags into a {@link BuildRequest} and runs it. */
@Command(
    name = "build",
    description = "Build main packages into OCI images (default package: .).",
    mixinStandardHelpOptions = true)
final class BuildCommand implements Callable<Integer> {
  private final Invocation run;

  @Parameters(
      paramLabel = "PKG",
      description = "Packages: ., ./cmd/app, ./cmd/..., a directory, or ko://import/path.")
  List<String> packages = new ArrayList<>();

  @Mixin BuildOptions options = new BuildOptions();

  // -f is --config for build alone: resolve's -f names YAML files, as ko's does.
  @Option(names = "-f", paramLabel = "FILE", description = "The same as --config.")
  Path configShort;

  @Mixin ReportOptions reports = new ReportOptions();

  BuildCommand(Invocation run) {
    this.run = run;
  }

  @Override
  public Integer call() throws Exception {
    BuildRuns.run(
        request(),
        reports,
        options.json,
        run,
        summary -> {
          for (BuildSummary.TargetResult t : summary.targets()) {
            run.out().println(t.image().isEmpty() ? t.name() + " " + t.digest() : t.image());
          }
        });
    return 0;
  }

  /** The request from the flags, every one checked before any work (see plan.Requests). */
  BuildRequest request() throws UsageException, java.io.IOException {
    if (configShort != null) {
      if (options.config != null && !options.config.equals(configShort)) {
        throw new UsageException("-f and --config name different files; give one");
      }
      options.config = configShort;
    }
    return options.request(packages, run.env(), run.paths());
  }
}
