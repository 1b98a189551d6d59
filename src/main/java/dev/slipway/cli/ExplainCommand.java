package dev.slipway.cli;

import dev.slipway.explain.Explanation;
import dev.slipway.record.BuildRecord;
import dev.slipway.record.RecordStore;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway explain [BUILD]}: why a build rebuilt what it rebuilt, and what it pushed. */
@Command(
    name = "explain",
    description =
        "Explain a build: what changed, what was rebuilt and why, which modules missed, what was"
            + " pushed, where the time went.",
    mixinStandardHelpOptions = true)
final class ExplainCommand implements Callable<Integer> {
  private final PrintStream out;
  private final Map<String, String> env;

  @Parameters(
      arity = "0..1",
      paramLabel = "BUILD",
      description = "A build id or unique prefix, or -N for the N-th latest (default: the latest).")
  String build = "";

  @Option(names = "--json", description = "Write JSON instead of text.")
  boolean json;

  private final Paths paths;

  ExplainCommand(PrintStream out, Map<String, String> env, Paths paths) {
    this.paths = paths;
    this.out = out;
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    RecordStore store = new RecordStore(paths.cacheDir(env));
    BuildRecord record = store.find(build);
    Optional<BuildRecord> previous =
        record.previous().isEmpty() ? Optional.empty() : store.load(record.previous());
    Explanation explanation = new Explanation(record, previous);
    if (json) {
      out.write(explanation.json());
    } else {
      out.print(explanation.text());
    }
    out.flush();
    return 0;
  }
}
