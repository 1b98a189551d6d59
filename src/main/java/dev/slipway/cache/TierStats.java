package dev.slipway.cache;

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
    boolean disabled) {

  /** Average time per lookup in milliseconds, 0 without lookups. */
  public double averageMillis() {
    long lookups = hits + misses + prefetched;
    return lookups == 0 ? 0 : lookupMillis / lookups;
  }
}
