package dev.slipway.report;

import dev.slipway.explain.Explanation;
import dev.slipway.record.BuildRecord;
import dev.slipway.record.BuildSummary;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.StringJoiner;

/** {@code slipway report} without {@code --html}: one line per build, newest first, then totals. */
public final class TextReport {
  private TextReport() {}

  public static String render(History h) {
    StringBuilder out = new StringBuilder();
    out.append("Last ").append(h.builds().size()).append(" builds, newest first:\n");
    int actionHits = 0;
    int actionMisses = 0;
    int moduleHits = 0;
    int moduleMisses = 0;
    long totalMs = 0;
    Map<String, Integer> outcomes = new java.util.LinkedHashMap<>();
    for (BuildRecord r : h.builds()) {
      BuildSummary.CacheStats c = r.summary().cache();
      out.append(
          String.format(
              Locale.ROOT,
              "  %s  %-9s %8s  actions %6s  modules %6s  rebuilt: %s%n",
              r.id(),
              r.outcome(),
              Explanation.seconds(r.summary().totalMs()),
              percent(History.actionRate(c)),
              percent(History.moduleRate(c)),
              reasons(History.reasons(r))));
      actionHits += c.actionHits();
      actionMisses += c.actionMisses();
      moduleHits += c.moduleHits();
      moduleMisses += c.moduleMisses();
      totalMs += r.summary().totalMs();
      outcomes.merge(r.outcome(), 1, Integer::sum);
    }
    StringJoiner counts = new StringJoiner(", ");
    outcomes.forEach((k, n) -> counts.add(n + " " + k));
    out.append("Totals: ")
        .append(h.builds().size())
        .append(" builds (")
        .append(counts)
        .append("), ")
        .append(Explanation.seconds(totalMs))
        .append("; actions ")
        .append(percent(History.rate(actionHits, actionMisses)))
        .append(" of ")
        .append(actionHits + actionMisses)
        .append("; modules ")
        .append(percent(History.rate(moduleHits, moduleMisses)))
        .append(" of ")
        .append(moduleHits + moduleMisses)
        .append("; rebuilt: ")
        .append(reasons(h.windowReasons()))
        .append('\n');
    return out.toString();
  }

  /** {@code source 1, cold 40}, kinds with none left out; {@code none} if all are zero. */
  static String reasons(Map<String, Integer> kinds) {
    StringJoiner j = new StringJoiner(", ");
    kinds.forEach(
        (k, n) -> {
          if (n > 0) {
            j.add(k + " " + n);
          }
        });
    return j.length() == 0 ? "none" : j.toString();
  }

  static String percent(OptionalDouble rate) {
    return rate.isPresent() ? String.format(Locale.ROOT, "%.1f%%", 100 * rate.getAsDouble()) : "-";
  }
}
