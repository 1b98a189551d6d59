package dev.slipway.report;

import dev.slipway.core.AtomicFiles;
import dev.slipway.core.BudgetExceededException;
import dev.slipway.core.IoErrors;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.SummaryWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What to do with a finished build besides its images: the {@code --json} summary, a trace, metrics
 * for a file or a pushgateway, and the account against a budget. Built from the flags before the
 * build, so bad ones fail before anything is written.
 *
 * @param pushRepository the {@code --push} repository (no tag), the pushgateway's grouping label
 */
public record Exports(
    Optional<Path> json,
    Optional<Path> trace,
    Optional<Path> metricsFile,
    Optional<Pushgateway> pushgateway,
    Optional<Duration> budget,
    boolean failOverBudget,
    Optional<String> pushRepository) {

  /** The files these exports write: the summary, the trace and the metrics file. */
  public List<Path> files() {
    List<Path> out = new ArrayList<>();
    json.ifPresent(out::add);
    trace.ifPresent(out::add);
    metricsFile.ifPresent(out::add);
    return out;
  }

  /** The CLI refuses {@code --fail-over-budget} without {@code --budget} as a usage error. */
  public Exports {
    if (failOverBudget && budget.isEmpty()) {
      throw new IllegalArgumentException("--fail-over-budget needs --budget DURATION");
    }
  }

  /**
   * Writes every output asked for, prints the budget table to {@code err}, and only then fails an
   * over-budget build if asked to. A pushgateway that cannot take the metrics is warned about: the
   * images are built and published, and monitoring being down should not fail a release.
   *
   * @param finished when the build succeeded
   * @throws BudgetExceededException after everything is written, with {@code --fail-over-budget}
   */
  public void finish(BuildSummary summary, Instant finished, PrintStream err)
      throws IOException, BudgetExceededException {
    BuildSummary s = budget.map(summary::withBudget).orElse(summary);
    if (json.isPresent()) {
      SummaryWriter.write(s, json.get());
    }
    if (trace.isPresent()) {
      TraceWriter.write(s, trace.get());
    }
    if (metricsFile.isPresent() || pushgateway.isPresent()) {
      String text = Exposition.render(s, finished);
      if (metricsFile.isPresent()) {
        writeTextfile(metricsFile.get(), text);
      }
      if (pushgateway.isPresent()) {
        try {
          pushgateway.get().push(text, grouping(s));
        } catch (IOException e) {
          err.println(
              "slipway: warning: " + e.getMessage() + "; the build's metrics were not pushed");
        }
      }
    }
    if (budget.isPresent()) {
      err.print(BudgetTable.render(s));
      if (failOverBudget && s.budget().get().over()) {
        throw new BudgetExceededException(
            String.format(
                Locale.ROOT,
                "the build took %.3fs, over its --budget of %.3fs (--fail-over-budget)",
                s.totalMs() / 1000.0,
                budget.get().toMillis() / 1000.0));
      }
    }
  }

  /**
   * The pushgateway group: the pushed repository, else the built import paths, so each project
   * keeps its own last build. No instance label: a build is a batch job, not a running instance.
   */
  Map<String, String> grouping(BuildSummary s) {
    Map<String, String> grouping = new LinkedHashMap<>();
    if (pushRepository.isPresent()) {
      grouping.put("repository", pushRepository.get());
    } else {
      TreeSet<String> paths = new TreeSet<>();
      s.targets().forEach(t -> paths.add(t.importPath()));
      grouping.put("targets", String.join(",", paths));
    }
    return grouping;
  }

  /**
   * As node_exporter's textfile collector asks: written to a temp file in the same directory (its
   * name does not end in {@code .prom}, so the collector ignores it) and renamed into place,
   * readable by the collector's own user.
   */
  static void writeTextfile(Path file, String text) throws IOException {
    Path target = file.toAbsolutePath();
    Path temp = AtomicFiles.tempSibling(target);
    try {
      try {
        Files.writeString(temp, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw IoErrors.naming(target, e);
      }
      if (Files.getFileAttributeView(temp, PosixFileAttributeView.class) != null) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      AtomicFiles.move(temp, target, true);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
