package dev.slipway.cache;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/** The live, thread-safe counters behind one {@link TierStats}. */
final class TierCounters {
  final String tier;
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

  TierCounters(String tier) {
    this.tier = tier;
  }

  void timeSince(long startNanos) {
    nanos.add(System.nanoTime() - startNanos);
  }

  TierStats snapshot() {
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
        disabled.get());
  }
}
