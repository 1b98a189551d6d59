package dev.slipway.cli;

import dev.slipway.build.BuildRunner;
import dev.slipway.core.SlipwayException;
import dev.slipway.plan.BuildRequest;
import dev.slipway.record.BuildSummary;
import dev.slipway.report.Exports;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/** Runs a checked request the way every command that builds does: progress, then reports. */
final class BuildRuns {
  private BuildRuns() {}

  /**
   * @param json the command's {@code --json}
   * @param results prints the command's own results, after the status line is gone and before the
   *     closing line
   */
  static BuildSummary run(
      BuildRequest request,
      ReportOptions reports,
      Path json,
      Invocation run,
      Consumer<BuildSummary> results)
      throws SlipwayException, IOException {
    Map<String, String> env = run.env();
    PrintStream err = run.err();
    Exports exports = reports.exports(json, request, env, run.paths());
    BuildSummary summary;
    try (ConsoleProgress progress = ConsoleProgress.forEnvironment(err, env, run.terminal())) {
      request.targets().warnings().forEach(w -> err.println("slipway: warning: " + w));
      summary =
          new BuildRunner(env, progress, progress, err)
              .budget(exports.budget())
              .reports(exports.files())
              .run(request);
      if (request.outputs().imageRefs().isPresent()) {
        ImageRefs.write(request.outputs().imageRefs().get(), summary);
      }
      progress.close(); // the status line goes before the results are printed
      results.accept(summary);
      progress.done(summary);
    }
    exports.finish(summary, Instant.now(), err);
    return summary;
  }
}
