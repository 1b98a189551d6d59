package dev.slipway.modules;

import dev.slipway.core.ModuleVersion;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** What the proxy served: one record per .mod or .zip, and hits and misses over them. */
public final class ModuleStats {
  /** One served file: which tier, how many bytes, how long from request to last byte. */
  public record Served(ModuleVersion module, String file, Tier tier, long bytes, long nanos) {}

  private final ConcurrentLinkedQueue<Served> served = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<ModuleVersion> missed = new ConcurrentLinkedQueue<>();

  void served(Served s) {
    served.add(s);
  }

  void missed(ModuleVersion mv) {
    missed.add(mv);
  }

  public List<Served> served() {
    return List.copyOf(served);
  }

  /** Files served from memory or the local store. */
  public long hits() {
    return served.stream().filter(s -> s.tier().isHit()).count();
  }

  /** Files fetched from upstream, plus requests that nothing could answer. */
  public long misses() {
    return served.stream().filter(s -> !s.tier().isHit()).count() + missed.size();
  }
}
