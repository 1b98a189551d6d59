package dev.slipway.record;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a build's compile actions came from, beyond hits and misses: for each remote cache, whether
 * it was read-only, how many actions were written to it, how many of its records were refused as
 * untrusted, and how many actions go used from it by the writer that stored them. Read by {@code
 * --json}, {@code slipway explain} and provenance (cache lineage).
 *
 * @param verified whether the build held a trust key: writer names were checked, and records
 *     without a valid tag refused; without one, writers are the names records claim
 * @param writer the name this build's own records carry, empty unless verified
 * @param remotes by remote URL (never with credentials)
 */
public record ActionSources(boolean verified, String writer, Map<String, Remote> remotes) {
  /** How a build's summary reads when no remote served actions (or an older record). */
  public static final ActionSources NONE = new ActionSources(false, "", Map.of());

  public ActionSources {
    remotes = Collections.unmodifiableMap(new TreeMap<>(remotes));
  }

  /**
   * One remote's part.
   *
   * @param readOnly opened with {@code ?mode=ro}: never written
   * @param writes actions this build wrote to it
   * @param untrusted actions whose record it offered without a valid tag, ignored
   * @param writers actions go used from it, by writer ({@code untagged} for records without one)
   */
  public record Remote(boolean readOnly, long writes, long untrusted, Map<String, Long> writers) {
    public Remote {
      writers = Collections.unmodifiableMap(new TreeMap<>(writers));
    }
  }

  /** Records refused as untrusted, over every remote. */
  public long untrusted() {
    return remotes.values().stream().mapToLong(Remote::untrusted).sum();
  }

  /** Actions used from the remotes, by writer, over every remote. */
  public Map<String, Long> writers() {
    Map<String, Long> all = new TreeMap<>();
    remotes.values().forEach(r -> r.writers().forEach((w, n) -> all.merge(w, n, Long::sum)));
    return Collections.unmodifiableMap(all);
  }

  /** The remotes opened read-only. */
  public List<String> readOnly() {
    List<String> names = new ArrayList<>();
    remotes.forEach(
        (name, r) -> {
          if (r.readOnly()) {
            names.add(name);
          }
        });
    return names;
  }
}
