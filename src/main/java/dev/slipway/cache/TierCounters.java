package dev.slipway.cache;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/** The live, thread-safe counters behind one {@link TierStats}. */
final class TierCounters {
  final String tier;
  final boolean readOnly;
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder corrupt = new LongAdder();
  final LongAdder bytesRead = new LongAdder();
  final LongAdder bodiesRead = new LongAdder();
  final LongAdder prefetched = new LongAdder();
  final LongAdder writes = new LongAdder();
  final LongAdder bytesWritten = new LongAdder();
  final LongAdder nanos = new LongAdder();
  final AtomicBoolean disabled = new AtomicBoolean();

  /** Keys whose record this tier offered without a valid trust tag: each counts once. */
  final Set<String> untrusted = ConcurrentHashMap.newKeySet();

  /** Actions go used from this tier, by the writer their record named ({@link ActionOrigins}). */
  final Map<String, LongAdder> writers = new ConcurrentHashMap<>();

  TierCounters(String tier) {
    this(tier, false);
  }

  TierCounters(String tier, boolean readOnly) {
    this.tier = tier;
    this.readOnly = readOnly;
  }

  void timeSince(long startNanos) {
    nanos.add(System.nanoTime() - startNanos);
  }

  TierStats snapshot() {
    Map<String, Long> byWriter = new TreeMap<>();
    writers.forEach((writer, count) -> byWriter.put(writer, count.sum()));
    return new TierStats(
        tier,
        hits.sum(),
        misses.sum(),
        corrupt.sum(),
        bytesRead.sum(),
        bodiesRead.sum(),
        prefetched.sum(),
        writes.sum(),
        bytesWritten.sum(),
        nanos.sum() / 1e6,
        disabled.get(),
        readOnly,
        untrusted.size(),
        byWriter);
  }
}
