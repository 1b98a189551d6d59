package dev.slipway.cli;

import dev.slipway.core.DaemonThreads;
import dev.slipway.core.Progress;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.Timeline;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Shows a build's progress. On a terminal, a small block (running stages, then a bar per compile,
 * upload and download in flight) is redrawn in place ten times a second and erased before the
 * results are printed. Without one, each finished stage, upload and download is one plain line, for
 * CI logs, with no escape codes.
 *
 * <p>Tasks are reported from many threads: amounts are atomic counters, everything else is guarded
 * by this object. No thread starts until something runs long enough to show (a task, or a stage
 * starting {@link #QUIET_NANOS} into the build), so a no-op build starts none.
 */
final class ConsoleProgress implements Timeline.Listener, Progress, AutoCloseable {
  static final long QUIET_NANOS = 250_000_000L;
  static final long FRAME_NANOS = 100_000_000L;
  private static final String ESC = "\033[";

  /** How progress is shown. */
  enum Mode {
    /** No terminal: plain lines, nothing redrawn. */
    PLAIN,
    /** A terminal that must not get escape codes (NO_COLOR, TERM=dumb): one line, redrawn. */
    LINE,
    /** A terminal: a block of lines, redrawn with cursor movement. */
    BLOCK
  }

  /** Calls {@code tick} periodically from its own thread until the returned handle is closed. */
  @FunctionalInterface
  interface Ticker {
    AutoCloseable start(Runnable tick);

    /** Ten times a second, on one daemon thread. */
    Ticker TEN_HZ =
        tick -> {
          ScheduledExecutorService s =
              Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("slipway-progress"));
          ScheduledFuture<?> ticks = s.scheduleAtFixedRate(tick, 100, 100, TimeUnit.MILLISECONDS);
          return () -> {
            ticks.cancel(false);
            s.shutdownNow();
          };
        };
  }

  private final PrintStream err;
  private final Mode mode;
  private final int width;
  private final LongSupplier clock;
  private final Ticker ticker;
  private final long startNanos;
  private final Map<String, Long> running = new LinkedHashMap<>();
  private final Set<LiveTask> tasks = new LinkedHashSet<>();
  private AutoCloseable ticking;
  private boolean closed;
  private long frames;
  private long lastFrameNanos;
  private int drawnLines;
  private int drawnWidth;

  ConsoleProgress(PrintStream err, boolean terminal) {
    this(err, terminal ? Mode.BLOCK : Mode.PLAIN, 80, System::nanoTime, Ticker.TEN_HZ);
  }

  /**
   * @param width the terminal's columns; no line drawn reaches it
   * @param clock nanoseconds, for elapsed times and rates
   */
  ConsoleProgress(PrintStream err, Mode mode, int width, LongSupplier clock, Ticker ticker) {
    this.err = err;
    this.mode = mode;
    this.width = Math.max(20, width);
    this.clock = clock;
    this.ticker = ticker;
    this.startNanos = clock.getAsLong();
    this.lastFrameNanos = startNanos - FRAME_NANOS;
  }

  /**
   * Progress for a run's stderr, decided by {@link #mode} and {@link #width}.
   *
   * @param terminal whether the run's user sees it on a terminal ({@link Invocation#terminal})
   */
  static ConsoleProgress forEnvironment(
      PrintStream err, Map<String, String> env, boolean terminal) {
    return new ConsoleProgress(
        err, mode(env, terminal), width(env), System::nanoTime, Ticker.TEN_HZ);
  }

  /**
   * How to show progress: {@code SLIPWAY_PROGRESS=plain} or {@code tty} overrides the terminal
   * check; on a terminal, {@code NO_COLOR} or {@code TERM=dumb} rule out escape codes.
   */
  static Mode mode(Map<String, String> env, boolean terminal) {
    String forced = env.getOrDefault("SLIPWAY_PROGRESS", "").toLowerCase(Locale.ROOT);
    boolean shown =
        switch (forced) {
          case "plain" -> false;
          case "tty" -> true;
          default -> terminal && !"dumb".equals(env.get("TERM"));
        };
    if (!shown) {
      return Mode.PLAIN;
    }
    boolean noEscapes =
        !env.getOrDefault("NO_COLOR", "").isEmpty() || "dumb".equals(env.get("TERM"));
    return noEscapes ? Mode.LINE : Mode.BLOCK;
  }

  /** The terminal's width from {@code COLUMNS}, else 80. */
  static int width(Map<String, String> env) {
    try {
      int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").strip());
      return columns > 0 ? columns : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  @Override
  public synchronized void started(String name, String detail) {
    long now = clock.getAsLong();
    running.put(label(name, detail), now);
    if (now - startNanos >= QUIET_NANOS) {
      startTicking();
    }
  }

  @Override
  public synchronized void finished(Timeline.Span span) {
    running.remove(label(span.name(), span.detail()));
    if (mode == Mode.PLAIN) {
      err.printf(
          Locale.ROOT,
          "slipway: %-24s %6.2fs%n",
          label(span.name(), span.detail()),
          span.durationMs() / 1000.0);
    }
  }

  @Override
  public synchronized Task task(Kind kind, String name, long total) {
    LiveTask task = new LiveTask(kind, name, total, clock.getAsLong());
    tasks.add(task);
    startTicking();
    if (task.startNanos - lastFrameNanos >= FRAME_NANOS) {
      redraw(); // a new bar shows at once, not a tick later; still at most ten frames a second
    }
    return task;
  }

  private void startTicking() {
    if (mode != Mode.PLAIN && ticking == null && !closed) {
      ticking = ticker.start(this::redraw);
    }
  }

  /** Draws the current frame over the previous one. Called by the ticker. */
  synchronized void redraw() {
    if (closed || mode == Mode.PLAIN) {
      return;
    }
    long now = clock.getAsLong();
    lastFrameNanos = now;
    Map<String, Long> stages = new LinkedHashMap<>();
    running.forEach((label, start) -> stages.put(label, now - start));
    List<ProgressFrame.TaskView> views = new ArrayList<>();
    for (LiveTask t : tasks) {
      views.add(
          new ProgressFrame.TaskView(t.kind, t.name, t.done.get(), t.total, now - t.startNanos));
    }
    if (mode == Mode.LINE) {
      // one line: the first task when there is one, else the stages
      List<String> lines =
          views.isEmpty()
              ? ProgressFrame.render(stages, views, width, frames++)
              : ProgressFrame.render(Map.of(), views.subList(0, 1), width, frames++);
      String text = lines.isEmpty() ? "" : ProgressFrame.fit(lines.get(0).strip(), width);
      err.print("\r" + text + " ".repeat(Math.max(0, drawnWidth - text.length())));
      drawnWidth = text.length();
    } else {
      List<String> lines = ProgressFrame.render(stages, views, width, frames++);
      if (lines.isEmpty() && drawnLines == 0) {
        return;
      }
      StringBuilder out = new StringBuilder();
      if (drawnLines > 0) {
        out.append('\r').append(ESC).append(drawnLines).append('A');
      }
      for (String line : lines) {
        out.append(line).append(ESC).append('K').append('\n');
      }
      out.append(ESC).append('J');
      err.print(out);
      drawnLines = lines.size();
    }
    err.flush();
  }

  /** Prints the final line of a build: what it made, and how long it took. */
  synchronized void done(BuildSummary summary) {
    erase();
    BuildSummary.BlobStats b = summary.blobs();
    err.printf(
        Locale.ROOT,
        "slipway: %d image(s) in %.2fs%s; blobs uploaded %d (%s), skipped %d, mounted %d%n",
        summary.targets().size(),
        summary.totalMs() / 1000.0,
        summary.cache().fastPath() ? ", no-op: inputs unchanged and images present" : "",
        b.uploaded(),
        bytes(b.bytesUploaded()),
        b.skipped(),
        b.mounted());
  }

  private void erase() {
    if (mode == Mode.LINE && drawnWidth > 0) {
      err.print("\r" + " ".repeat(drawnWidth) + "\r");
      drawnWidth = 0;
    }
    if (mode == Mode.BLOCK && drawnLines > 0) {
      err.print("\r" + ESC + drawnLines + "A" + ESC + "J");
      drawnLines = 0;
    }
    err.flush();
  }

  private static String label(String name, String detail) {
    return detail.isEmpty() ? name : name + " " + detail;
  }

  static String bytes(long n) {
    return ProgressFrame.bytes(n);
  }

  /** Stops redrawing and erases the block; the build's results follow. */
  @Override
  public synchronized void close() {
    closed = true;
    if (ticking != null) {
      try {
        ticking.close();
      } catch (Exception e) {
        // a ticker that fails to stop only leaves a daemon thread behind
      }
      ticking = null;
    }
    erase();
  }

  private synchronized void finished(LiveTask task) {
    tasks.remove(task);
    if (mode == Mode.PLAIN && task.kind != Kind.COMPILE) {
      double seconds = (clock.getAsLong() - task.startNanos) / 1e9;
      err.printf(
          Locale.ROOT,
          "slipway: %-24s %6.2fs %s%n",
          task.kind.name().toLowerCase(Locale.ROOT) + " " + task.name,
          seconds,
          bytes(task.done.get()));
    }
  }

  /** A task in flight: its amount is an atomic counter, so advancing it takes no lock. */
  private final class LiveTask implements Task {
    final Kind kind;
    final String name;
    final long startNanos;
    final AtomicLong done = new AtomicLong();
    final AtomicBoolean over = new AtomicBoolean();
    volatile long total;

    LiveTask(Kind kind, String name, long total, long startNanos) {
      this.kind = kind;
      this.name = name;
      this.total = total;
      this.startNanos = startNanos;
    }

    @Override
    public void advance(long n) {
      done.addAndGet(n);
    }

    @Override
    public void total(long total) {
      this.total = total;
    }

    @Override
    public void done() {
      if (over.compareAndSet(false, true)) {
        finished(this);
      }
    }
  }
}
