package dev.slipway.cli;

import dev.slipway.record.BuildSummary;
import dev.slipway.record.Timeline;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows a build's progress. On a terminal, one status line names the running stages and their
 * elapsed time, redrawn in place; otherwise each finished stage is one plain line, for CI logs.
 */
final class ConsoleProgress implements Timeline.Listener, AutoCloseable {
  private final PrintStream err;
  private final boolean terminal;
  private final Map<String, Long> running = new LinkedHashMap<>();
  private ScheduledExecutorService ticker;
  private int lastWidth;

  ConsoleProgress(PrintStream err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
    if (terminal) {
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "slipway-progress");
                t.setDaemon(true);
                return t;
              });
      ticker.scheduleAtFixedRate(this::redraw, 100, 100, TimeUnit.MILLISECONDS);
    }
  }

  /** True when stderr is an interactive terminal that understands carriage returns. */
  static boolean isTerminal(Map<String, String> env) {
    return System.console() != null && !"dumb".equals(env.get("TERM"));
  }

  @Override
  public synchronized void started(String name, String detail) {
    running.put(label(name, detail), System.nanoTime());
  }

  @Override
  public synchronized void finished(Timeline.Span span) {
    running.remove(label(span.name(), span.detail()));
    if (!terminal) {
      err.printf(
          "slipway: %-24s %6.2fs%n", label(span.name(), span.detail()), span.durationMs() / 1000.0);
    }
  }

  private synchronized void redraw() {
    if (running.isEmpty()) {
      return;
    }
    StringBuilder line = new StringBuilder("slipway:");
    long now = System.nanoTime();
    running.forEach(
        (label, start) ->
            line.append(String.format(" [%s %.1fs]", label, (now - start) / 1_000_000_000.0)));
    String text = line.toString();
    err.print("\r" + text + " ".repeat(Math.max(0, lastWidth - text.length())));
    err.flush();
    lastWidth = text.length();
  }

  /** Prints the final line of a build: what it made, and how long it took. */
  synchronized void done(BuildSummary summary) {
    clearLine();
    BuildSummary.BlobStats b = summary.blobs();
    err.printf(
        "slipway: %d image(s) in %.2fs%s; blobs uploaded %d (%s), skipped %d, mounted %d%n",
        summary.targets().size(),
        summary.totalMs() / 1000.0,
        summary.cache().fastPath() ? ", no-op: inputs unchanged and images present" : "",
        b.uploaded(),
        bytes(b.bytesUploaded()),
        b.skipped(),
        b.mounted());
  }

  private void clearLine() {
    if (terminal && lastWidth > 0) {
      err.print("\r" + " ".repeat(lastWidth) + "\r");
      lastWidth = 0;
    }
  }

  private static String label(String name, String detail) {
    return detail.isEmpty() ? name : name + " " + detail;
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format("%.1f KiB", n / 1024.0);
    }
    return String.format("%.1f MiB", n / (1024.0 * 1024));
  }

  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    clearLine();
  }
}
