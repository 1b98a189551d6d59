package dev.slipway.modules;

import dev.slipway.core.ModuleVersion;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What a build's module files cost: each file the go command asked the proxy for and how it was
 * served, and each file brought into the store from a remote or upstream (by the go command's
 * requests and by the warm alike), so that every byte downloaded is counted once, where it came
 * from.
 */
public final class ModuleStats {
  /** The source name of files fetched from the user's GOPROXY list. */
  public static final String UPSTREAM = "upstream";

  /**
   * One file the go command asked for: which tier answered, how many bytes, how long from request
   * to last byte. {@code listed} is false for a file go.sum has no line for (relayed, not stored).
   */
  public record Served(
      ModuleVersion module, String file, Tier tier, long bytes, long nanos, boolean listed) {}

  /**
   * One file (mod or zip) brought into the store from {@code source}: a remote's name or {@value
   * #UPSTREAM}.
   */
  public record Acquired(ModuleVersion module, String file, String source, long bytes) {}

  /**
   * One zip unpacked into go's module cache before go asked for it, from where it came ({@code
   * tier}), with the time it took.
   */
  public record Unpacked(ModuleVersion module, Tier tier, long bytes, long nanos) {}

  private final ConcurrentLinkedQueue<Served> served = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Unpacked> unpacked = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<ModuleVersion> missed = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Acquired> acquired = new ConcurrentLinkedQueue<>();

  void served(Served s) {
    served.add(s);
  }

  void missed(ModuleVersion mv) {
    missed.add(mv);
  }

  void acquired(Acquired a) {
    acquired.add(a);
  }

  void unpacked(Unpacked u) {
    unpacked.add(u);
  }

  /** Zips put into go's module cache for it; go may never have asked for them. */
  public List<Unpacked> unpacked() {
    return List.copyOf(unpacked);
  }

  public List<Served> served() {
    return List.copyOf(served);
  }

  public List<Acquired> acquired() {
    return List.copyOf(acquired);
  }

  /** Requests nothing could answer. */
  public List<ModuleVersion> missed() {
    return List.copyOf(missed);
  }

  /** Files served from memory, the local store or a remote. */
  public long hits() {
    return served.stream().filter(s -> s.tier().isHit()).count();
  }

  /** Files fetched from upstream, plus requests that nothing could answer. */
  public long misses() {
    return served.stream().filter(s -> !s.tier().isHit()).count() + missed.size();
  }
}
