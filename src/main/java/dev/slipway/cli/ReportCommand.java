package dev.slipway.cli;

import dev.slipway.core.UsageException;
import dev.slipway.record.RecordStore;
import dev.slipway.report.History;
import dev.slipway.report.HtmlReport;
import dev.slipway.report.TextReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway report [--html FILE] [--last N]}: the recent builds, as text or one HTML page. */
@Command(
    name = "report",
    description =
        "Summarise the recent builds: time, hit rates, why packages were rebuilt; --html writes one"
            + " self-contained page with the last build's timeline, the hit-rate trend, miss"
            + " reasons and the targets.",
    mixinStandardHelpOptions = true)
final class ReportCommand implements Callable<Integer> {
  private final PrintStream out;
  private final Map<String, String> env;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Write an HTML report to FILE instead of text to stdout.")
  Path html;

  @Option(
      names = "--last",
      paramLabel = "N",
      description = "How many of the newest builds to cover (default: ${DEFAULT-VALUE}).")
  int last = 20;

  private final Paths paths;

  ReportCommand(PrintStream out, Map<String, String> env, Paths paths) {
    this.paths = paths;
    this.out = out;
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    History history = History.load(new RecordStore(paths.cacheDir(env)), last);
    if (html == null) {
      out.print(TextReport.render(history));
    } else {
      Path file = paths.resolve(html);
      if (Files.isDirectory(file)) {
        throw new UsageException("--html " + html + ": is a directory");
      }
      HtmlReport.write(history, file);
      out.println("wrote " + file + " (" + history.builds().size() + " builds)");
    }
    out.flush();
    return 0;
  }
}
