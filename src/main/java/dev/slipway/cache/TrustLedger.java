package dev.slipway.cache;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * What the remote tiers of one cache share about trust: the {@link CacheTrust} every record from a
 * remote must pass, one warning for those that fail, and where each action go used came from.
 *
 * <p>Every record a remote offers reaches the build through {@link RemoteTier#fill} (go's own
 * lookups, bulk prefetches, action sets), so checking there covers them all. Lineage is counted
 * when go's lookup is answered, once per action: a prefetched action go never asks for counts
 * nothing, and one asked for by two go processes (two platforms) counts once.
 */
final class TrustLedger {
  private record Origin(TierCounters tier, String writer) {}

  final CacheTrust trust;
  private final Consumer<String> warnings;
  private final AtomicBoolean warned = new AtomicBoolean();
  private final Map<String, Origin> filled = new ConcurrentHashMap<>();
  private final Set<String> served = ConcurrentHashMap.newKeySet();

  TrustLedger(CacheTrust trust, Consumer<String> warnings) {
    this.trust = trust;
    this.warnings = warnings;
  }

  /**
   * Whether {@code tier}'s record of {@code key} may be used. One that may not is a miss (go
   * compiles the action, and a writable remote gets this build's tagged record in its place),
   * counted once per key for the tier; the first in this cache is warned about.
   */
  boolean admit(String key, ActionRecord record, TierCounters tier) {
    if (trust.admits(key, record)) {
      return true;
    }
    tier.untrusted.add(key);
    if (warned.compareAndSet(false, true)) {
      warnings.accept(
          "remote cache "
              + tier.tier
              + " holds action records without a valid trust tag (untagged, or tagged with"
              + " another key); they are ignored and their actions compiled here"
              + " (cache.actions.untrusted counts them)");
    }
    return false;
  }

  /** Whether {@code tier} already offered an untrusted record of {@code key}: no need to ask. */
  boolean refused(String key, TierCounters tier) {
    return tier.untrusted.contains(key);
  }

  /** {@code tier} filled the local tier with {@code record} of {@code key}. */
  void filled(String key, TierCounters tier, ActionRecord record) {
    filled.put(key, new Origin(tier, record.isTagged() ? record.writer() : CacheTrust.UNTAGGED));
  }

  /** go stored {@code key} itself: whatever a remote had filled is no longer what it uses. */
  void stored(String key) {
    filled.remove(key);
  }

  /** go's lookup of {@code key} was answered: counts its origin, if a remote filled it. */
  void served(String key) {
    Origin origin = filled.get(key);
    if (origin != null && served.add(key)) {
      origin.tier().writers.computeIfAbsent(origin.writer(), w -> new LongAdder()).increment();
    }
  }
}
