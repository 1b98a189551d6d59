package dev.slipway.explain;

import dev.slipway.record.BuildRecord;
import dev.slipway.record.BuildRecord.Comparison;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The line of {@code slipway explain} that names what a build was compared with: one earlier build,
 * or for each target and platform the newest earlier build that built it.
 */
final class ComparisonText {
  private ComparisonText() {}

  static void append(StringBuilder out, BuildRecord r) {
    List<Comparison> all = r.comparisons();
    if (all.isEmpty()) {
      if (r.previous().isEmpty()) {
        out.append("No earlier build of these targets to compare with")
            .append(r.rebuilt().isEmpty() ? ".\n" : ": what go compiled counts as cold.\n");
      } else {
        out.append("Compared with build ").append(r.previous()).append(".\n"); // an older record
      }
      return;
    }
    Set<String> builds = new LinkedHashSet<>();
    all.forEach(c -> builds.add(c.build()));
    List<String> uncompared = uncompared(r);
    if (builds.size() == 1 && uncompared.isEmpty()) {
      Comparison c = all.get(0);
      out.append("Compared with build ")
          .append(c.build())
          .append(", the newest earlier build of these targets")
          .append(failed(c))
          .append(".\n");
      return;
    }
    out.append("Compared with, for each target, the newest earlier build of it:\n");
    for (Comparison c : all) {
      out.append("  ")
          .append(c.target())
          .append(" [")
          .append(c.platform())
          .append("]: build ")
          .append(c.build())
          .append(failed(c))
          .append('\n');
    }
    for (String target : uncompared) {
      out.append("  ")
          .append(target)
          .append(": no earlier build (what go compiled counts as cold)\n");
    }
  }

  private static String failed(Comparison c) {
    return c.outcome().equals(BuildRecord.FAILED) ? " (which failed after go built it)" : "";
  }

  /** Each target and platform of the build that no earlier build built: "target [platform]". */
  private static List<String> uncompared(BuildRecord r) {
    Set<String> compared = new LinkedHashSet<>();
    r.comparisons().forEach(c -> compared.add(c.target() + " [" + c.platform() + "]"));
    Set<String> out = new LinkedHashSet<>();
    for (BuildRecord.Unit u : r.units()) {
      for (String t : u.targets()) {
        String name = t + " [" + u.platform() + "]";
        if (!compared.contains(name)) {
          out.add(name);
        }
      }
    }
    return List.copyOf(out);
  }
}
