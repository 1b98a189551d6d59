package dev.slipway.cli;

import dev.slipway.core.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lays out one frame of the live progress block: a line naming the running stages, then one line
 * per task in flight with a bar, its amount and rate. Every line is shorter than the terminal is
 * wide, so none wraps and the block can be redrawn by moving up exactly as many lines.
 */
final class ProgressFrame {
  /** Task lines shown at most; the rest are counted on one line. */
  static final int MAX_TASKS = 4;

  private static final String SPINNER = "|/-\\";

  private ProgressFrame() {}

  /** What a task had reached when the frame was drawn. */
  record TaskView(Progress.Kind kind, String name, long done, long total, long elapsedNanos) {
    String label() {
      return kind.name().toLowerCase(Locale.ROOT) + " " + name;
    }
  }

  /**
   * @param stages running stage labels and how long each has run, in nanoseconds
   * @param tick a counter that turns the spinner
   */
  static List<String> render(Map<String, Long> stages, List<TaskView> tasks, int width, long tick) {
    List<String> lines = new ArrayList<>();
    if (!stages.isEmpty()) {
      StringBuilder line = new StringBuilder("slipway:");
      stages.forEach(
          (label, nanos) ->
              line.append(String.format(Locale.ROOT, " [%s %.1fs]", label, nanos / 1e9)));
      lines.add(fit(line.toString(), width));
    }
    int labelWidth = 0;
    for (TaskView t : tasks.subList(0, Math.min(MAX_TASKS, tasks.size()))) {
      labelWidth = Math.max(labelWidth, t.label().length());
    }
    labelWidth = Math.min(labelWidth, Math.max(12, width * 2 / 5));
    for (int i = 0; i < tasks.size() && i < MAX_TASKS; i++) {
      lines.add(taskLine(tasks.get(i), labelWidth, width, tick + i));
    }
    if (tasks.size() > MAX_TASKS) {
      lines.add(fit("  +" + (tasks.size() - MAX_TASKS) + " more", width));
    }
    return lines;
  }

  /** One task: label, then a bar when the total is known (a spinner when not), then amounts. */
  static String taskLine(TaskView t, int labelWidth, int width, long tick) {
    String label = t.label();
    if (label.length() > labelWidth) {
      label = label.substring(0, Math.max(0, labelWidth - 3)) + "...";
    }
    String amount = amount(t);
    StringBuilder line = new StringBuilder("  ").append(label);
    line.append(" ".repeat(labelWidth - label.length())).append(' ');
    int barWidth = width - 1 - line.length() - 2 - amount.length();
    if (t.total() > 0 && barWidth >= 5) {
      int inner = barWidth - 2;
      int filled = (int) (inner * Math.min(1.0, Math.max(0, t.done()) / (double) t.total()));
      line.append('[').append("#".repeat(filled)).append("-".repeat(inner - filled)).append(']');
    } else {
      line.append(SPINNER.charAt((int) (tick % SPINNER.length())));
    }
    line.append("  ").append(amount);
    return fit(line.toString(), width);
  }

  /** {@code 12 compiled / 85 pkgs}, or {@code 1.2 MiB / 3.4 MiB 2.0 MiB/s}. */
  private static String amount(TaskView t) {
    long done = Math.max(0, t.done());
    if (t.kind() == Progress.Kind.COMPILE) {
      return done + " compiled" + (t.total() >= 0 ? " / " + t.total() + " pkgs" : "");
    }
    String sent =
        t.total() >= 0 ? bytes(Math.min(done, t.total())) + " / " + bytes(t.total()) : bytes(done);
    if (t.elapsedNanos() <= 0) {
      return sent;
    }
    return sent + " " + bytes((long) (done / (t.elapsedNanos() / 1e9))) + "/s";
  }

  /** Cuts a line to less than the width, so the terminal never wraps it. */
  static String fit(String line, int width) {
    return line.length() < width ? line : line.substring(0, Math.max(0, width - 1));
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    if (n < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GiB", n / (1024.0 * 1024 * 1024));
  }
}
