package dev.slipway.explain;

import static dev.slipway.explain.Explanation.bytes;
import static dev.slipway.explain.Explanation.seconds;

import dev.slipway.record.ActionSources;
import dev.slipway.record.BuildSummary;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The cache part of {@code slipway explain}: hits and misses by kind, what each tier served, and
 * the module files go asked for that go.sum has no line for.
 */
final class CacheText {
  /** Why each kind of lookup misses, by the names compile.GoCacheLookups gives the kinds. */
  static final Map<String, String> MISS_NOTES =
      Map.of(
          "link",
          "(go build caches no binary: each runner links a target once)",
          "compile",
          "(the packages compiled, above)",
          "compile output",
          "(a compile's saved messages)",
          "link output",
          "(a link's saved messages)",
          "cgo file list",
          "(files cgo generated)",
          "other",
          "(go's own entries, such as its index of module directories and cgo's flag probes)");

  private CacheText() {}

  static void append(StringBuilder out, BuildSummary.CacheStats c) {
    out.append("\nCache: actions ")
        .append(ratio(c.actionHits(), c.actionMisses()))
        .append("; modules ")
        .append(ratio(c.moduleHits(), c.moduleMisses()))
        .append("; layers ")
        .append(ratio(c.layerHits(), c.layerMisses()))
        .append('\n');
    missedBy(out, c.actionMissedBy());
    tiers(out, "actions", c.actionTiers());
    sources(out, c.actionSources());
    tiers(out, "modules", c.moduleTiers());
    unlisted(out, c.modulesServed());
  }

  /**
   * What go's lookups that missed were for: most are not compiles (go build caches no binary), and
   * without this line a build that compiled nothing seems to contradict its own miss count.
   */
  private static void missedBy(StringBuilder out, Map<String, Integer> kinds) {
    if (kinds.isEmpty()) {
      return;
    }
    StringJoiner parts = new StringJoiner(", ");
    kinds.forEach((kind, n) -> parts.add(n + " " + kind + " " + MISS_NOTES.getOrDefault(kind, "")));
    out.append("  action misses: ")
        .append(parts.toString().replace(" ,", ",").strip())
        .append('\n');
  }

  /** What each tier served and how long it took: where a slow cache shows. */
  private static void tiers(
      StringBuilder out, String kind, Map<String, BuildSummary.TierStat> tiers) {
    for (var e : new java.util.TreeMap<>(tiers).entrySet()) {
      BuildSummary.TierStat t = e.getValue();
      if (t.files() == 0) {
        continue;
      }
      out.append("  ")
          .append(kind)
          .append(" from ")
          .append(e.getKey())
          .append(": ")
          .append(t.files())
          .append(" files, ")
          .append(bytes(t.bytes()))
          .append(", ")
          .append(seconds(t.millis()))
          .append('\n');
    }
  }

  /**
   * Who wrote the actions the remotes served (for a trusted build, checked against its key), the
   * records refused as untrusted, and the remotes that were only read.
   */
  private static void sources(StringBuilder out, ActionSources s) {
    if (!s.writers().isEmpty()) {
      StringJoiner writers = new StringJoiner(", ");
      s.writers().forEach((writer, n) -> writers.add(writer + " " + n));
      out.append("  actions by writer: ")
          .append(writers)
          .append(
              s.verified()
                  ? " (verified with the trust key)\n"
                  : " (as the records claim: no trust key to verify them)\n");
    }
    if (s.untrusted() > 0) {
      out.append("  untrusted action records ignored: ")
          .append(s.untrusted())
          .append(" (no valid tag for the trust key; compiled here instead)\n");
    }
    for (String name : s.readOnly()) {
      out.append("  read-only remote: ").append(name).append(" (nothing written to it)\n");
    }
  }

  /** Files relayed unverified and not stored: each is fetched again by every build. */
  private static void unlisted(StringBuilder out, List<BuildSummary.ModuleServed> served) {
    List<BuildSummary.ModuleServed> unlisted =
        served.stream().filter(BuildSummary.ModuleServed::unlisted).toList();
    if (unlisted.isEmpty()) {
      return;
    }
    out.append("  go asked for ")
        .append(unlisted.size())
        .append(" module file(s) go.sum has no line for (relayed for go to check, not stored):\n");
    for (BuildSummary.ModuleServed m : unlisted) {
      out.append("    ").append(m.module()).append(' ').append(m.file()).append('\n');
    }
  }

  private static String ratio(int hits, int misses) {
    int total = hits + misses;
    if (total == 0) {
      return "none";
    }
    return String.format(
        Locale.ROOT, "%d hit / %d miss (%.1f%%)", hits, misses, 100.0 * hits / total);
  }
}
