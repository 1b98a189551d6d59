package dev.slipway.report;

import dev.slipway.record.BuildSummary;
import java.time.Duration;
import java.util.Locale;

/**
 * What each stage of a build spent against its {@code --budget}, as a compact table for stderr.
 *
 * <p>Stages overlap, so the table shows two times per stage: {@code wall}, the time at least one of
 * its spans was running, and {@code busy}, all its spans added up (more than wall when it ran on
 * several threads at once). Shares are wall time over the budget; they add up to more than the
 * build's share because stages run side by side. The last line is what the budget is judged on: the
 * build's own wall time.
 */
public final class BudgetTable {
  private BudgetTable() {}

  /** The table for a summary held to a budget ({@link BuildSummary#withBudget(Duration)}). */
  public static String render(BuildSummary summary) {
    BuildSummary.Budget budget = summary.budget().orElseThrow();
    long budgetMs = budget.millis();
    boolean over = budget.over();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "slipway: budget %s, build took %s: %s%n",
            seconds(budgetMs),
            seconds(summary.totalMs()),
            over
                ? "OVER by " + seconds(summary.totalMs() - budgetMs)
                : "within budget, " + seconds(budgetMs - summary.totalMs()) + " to spare"));
    row(out, "stage", "wall", "busy", "share", "spans");
    for (StageTimes st : StageTimes.of(summary.stages())) {
      row(
          out,
          st.stage(),
          seconds(st.wallMs()),
          seconds(st.busyMs()),
          share(st.wallMs(), budgetMs),
          Integer.toString(st.spans()));
    }
    row(
        out,
        "build (wall)",
        seconds(summary.totalMs()),
        "",
        share(summary.totalMs(), budgetMs),
        over ? "OVER" : "");
    out.append(
        PREFIX
            + "stages overlap: wall = time any span of the stage ran, busy = its spans added up;\n"
            + PREFIX
            + "so the stage rows add up to more than the build's wall time, which the budget judges.\n");
    return out.toString();
  }

  private static final String PREFIX = "slipway:   ";

  private static void row(
      StringBuilder out, String stage, String wall, String busy, String share, String last) {
    out.append(
        String.format(
                Locale.ROOT, "%s%-14s %9s %9s %7s  %s", PREFIX, stage, wall, busy, share, last)
            .stripTrailing());
    out.append('\n');
  }

  private static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.3fs", ms / 1000.0);
  }

  private static String share(long ms, long budgetMs) {
    return String.format(Locale.ROOT, "%.1f%%", 100.0 * ms / budgetMs);
  }
}
