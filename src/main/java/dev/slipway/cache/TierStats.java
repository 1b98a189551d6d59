package dev.slipway.cache;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one tier did during a build.
 *
 * @param tier {@code local} or the remote's name (never with credentials)
 * @param hits action lookups this tier answered
 * @param misses action lookups that reached this tier and were not answered by it (a corrupt entry
 *     counts here)
 * @param corrupt entries whose body did not match its digest
 * @param bytesRead body bytes served by the tier (downloaded, for a remote)
 * @param bodiesRead bodies downloaded from a remote, prefetched or not ({@code bytesRead} is their
 *     size); 0 for the local tier
 * @param prefetched actions fetched ahead of time by {@link TieredCache#prefetch}
 * @param writes actions written to the tier
 * @param bytesWritten body bytes written to the tier
 * @param lookupMillis total time spent in lookups, prefetches included
 * @param disabled whether the tier failed and was switched off for the rest of the process
 * @param readOnly whether the remote was opened with {@code ?mode=ro}: it is never written
 * @param untrusted actions whose record this remote offered without a valid trust tag, ignored
 *     (only with a trust key, {@link CacheTrust})
 * @param writers actions go used from this remote (asked for, or prefetched then asked for), by the
 *     writer their record names ({@link CacheTrust#UNTAGGED} for none); verified names only with a
 *     trust key
 */
public record TierStats(
    String tier,
    long hits,
    long misses,
    long corrupt,
    long bytesRead,
    long bodiesRead,
    long prefetched,
    long writes,
    long bytesWritten,
    double lookupMillis,
    boolean disabled,
    boolean readOnly,
    long untrusted,
    Map<String, Long> writers) {

  public TierStats {
    writers = Collections.unmodifiableMap(new TreeMap<>(writers));
  }

  /** Average time per lookup in milliseconds, 0 without lookups. */
  public double averageMillis() {
    long lookups = hits + misses + prefetched;
    return lookups == 0 ? 0 : lookupMillis / lookups;
  }
}
