package dev.slipway.cli;

import dev.slipway.core.ImageReference;
import dev.slipway.core.RemoteTimeouts;
import dev.slipway.core.UsageException;
import dev.slipway.plan.BuildRequest;
import dev.slipway.report.DurationFlag;
import dev.slipway.report.Exports;
import dev.slipway.report.Pushgateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The build's flags for what it reports besides images: trace, metrics, budget. */
final class ReportOptions {
  @Option(names = "--trace", paramLabel = "FILE", description = "Write a Chrome trace (Perfetto).")
  Path trace;

  @Option(
      names = "--metrics-file",
      paramLabel = "FILE",
      description = "Write Prometheus metrics (node_exporter textfile, e.g. slipway.prom).")
  Path metricsFile;

  @Option(
      names = "--pushgateway",
      paramLabel = "URL",
      description = "Push Prometheus metrics to this pushgateway (job slipway).")
  String pushgateway;

  @Option(
      names = "--budget",
      paramLabel = "DURATION",
      description = "Time budget (28s, 1m30s, 1500ms): print each stage against it.")
  String budget;

  @Option(names = "--fail-over-budget", description = "Exit 3 when over --budget.")
  boolean failOverBudget;

  /**
   * Checks the flags before the build runs; {@code json} is the build's {@code --json}, {@code env}
   * its environment (for {@value RemoteTimeouts#ENV}).
   */
  Exports exports(Path json, BuildRequest request, Map<String, String> env, Paths paths)
      throws UsageException {
    if (failOverBudget && budget == null) {
      throw new UsageException("--fail-over-budget needs --budget DURATION");
    }
    Optional<Duration> limit =
        budget == null ? Optional.empty() : Optional.of(DurationFlag.parse("--budget", budget));
    return new Exports(
        Optional.ofNullable(json).map(paths::resolve),
        Optional.ofNullable(trace).map(paths::resolve),
        Optional.ofNullable(metricsFile).map(paths::resolve),
        pushgateway == null
            ? Optional.empty()
            : Optional.of(
                Pushgateway.parse("--pushgateway", pushgateway)
                    .withTimeouts(RemoteTimeouts.fromEnvironment(env))),
        limit,
        failOverBudget,
        request.outputs().push().map(ImageReference::name));
  }
}
