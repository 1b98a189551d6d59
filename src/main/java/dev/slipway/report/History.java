package dev.slipway.report;

import dev.slipway.core.UsageException;
import dev.slipway.explain.Explanation;
import dev.slipway.record.BuildRecord;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.RecordStore;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The recent builds a report covers, newest first, with the latest one explained against the build
 * before it: what {@code slipway report} renders as text or HTML.
 *
 * @param builds at least one, newest first
 * @param latest the newest build, explained against its previous build (or, for a build that ran no
 *     go, such as the fast path, the next older record), so its targets can say whether they
 *     changed
 */
public record History(List<BuildRecord> builds, Explanation latest) {
  /** Reason kinds in the order the report shows them. */
  public static final List<String> KINDS =
      List.of(
          BuildRecord.SOURCE,
          BuildRecord.DEPENDENCY,
          BuildRecord.SETTINGS,
          BuildRecord.TOOLCHAIN,
          BuildRecord.MODULE,
          BuildRecord.COLD);

  /** Module-miss kinds in the order the report shows them. */
  public static final List<String> MODULE_KINDS = List.of(BuildRecord.MODULE, BuildRecord.COLD);

  public History {
    builds = List.copyOf(builds);
    if (builds.isEmpty()) {
      throw new IllegalArgumentException("a report needs at least one build");
    }
  }

  /**
   * The newest {@code last} readable records of {@code store}.
   *
   * @throws UsageException if there are none, naming the records directory
   */
  public static History load(RecordStore store, int last) throws UsageException, IOException {
    if (last < 1) {
      throw new UsageException("--last " + last + ": must be at least 1");
    }
    List<BuildRecord> builds = store.recent(last);
    if (builds.isEmpty()) {
      throw new UsageException("no build records in " + store.dir() + ": run slipway build first");
    }
    BuildRecord newest = builds.get(0);
    Optional<BuildRecord> previous = Optional.empty();
    if (!newest.previous().isEmpty()) {
      // Usually among the records just read: no need to read it again.
      previous = builds.stream().filter(b -> b.id().equals(newest.previous())).findFirst();
      if (previous.isEmpty()) {
        previous = store.load(newest.previous());
      }
    }
    if (previous.isEmpty()) {
      List<BuildRecord> two = builds.size() > 1 ? builds : store.recent(2);
      previous = two.size() > 1 ? Optional.of(two.get(1)) : Optional.empty();
    }
    return new History(builds, new Explanation(newest, previous));
  }

  /** Rebuilt packages by reason kind, every kind present (zero if none). */
  public static Map<String, Integer> reasons(BuildRecord r) {
    Map<String, Integer> out = new LinkedHashMap<>();
    KINDS.forEach(k -> out.put(k, 0));
    new Explanation(r, Optional.empty()).kinds().forEach((k, n) -> out.merge(k, n, Integer::sum));
    return out;
  }

  /** Module misses by kind, every kind present. */
  public static Map<String, Integer> moduleMisses(BuildRecord r) {
    Map<String, Integer> out = new LinkedHashMap<>();
    MODULE_KINDS.forEach(k -> out.put(k, 0));
    r.moduleMisses().forEach(m -> out.merge(m.kind(), 1, Integer::sum));
    return out;
  }

  /** {@link #reasons} summed over every build in the window. */
  public Map<String, Integer> windowReasons() {
    Map<String, Integer> out = new LinkedHashMap<>();
    builds.forEach(b -> reasons(b).forEach((k, n) -> out.merge(k, n, Integer::sum)));
    return out;
  }

  /** {@link #moduleMisses} summed over every build in the window. */
  public Map<String, Integer> windowModuleMisses() {
    Map<String, Integer> out = new LinkedHashMap<>();
    builds.forEach(b -> moduleMisses(b).forEach((k, n) -> out.merge(k, n, Integer::sum)));
    return out;
  }

  /** A hit rate in [0, 1], empty when nothing was looked up (a fast-path build, for one). */
  public static OptionalDouble rate(int hits, int misses) {
    int total = hits + misses;
    return total == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) hits / total);
  }

  public static OptionalDouble actionRate(BuildSummary.CacheStats c) {
    return rate(c.actionHits(), c.actionMisses());
  }

  public static OptionalDouble moduleRate(BuildSummary.CacheStats c) {
    return rate(c.moduleHits(), c.moduleMisses());
  }

  public static OptionalDouble layerRate(BuildSummary.CacheStats c) {
    return rate(c.layerHits(), c.layerMisses());
  }
}
