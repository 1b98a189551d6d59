package dev.slipway.build;

import dev.slipway.cache.Hit;
import dev.slipway.cache.TieredCache;
import dev.slipway.cacheprog.ActionStore;
import dev.slipway.core.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The go command's build cache (GOCACHEPROG's view) on Slipway's tiered cache: action IDs become
 * hex keys, output IDs are the SHA-256 of the bodies. It remembers which actions a build asked for,
 * so the next cold runner can prefetch them in bulk. Public so that the GOCACHEPROG protocol and
 * server are tested against the store that ships.
 */
public final class TieredActionStore implements ActionStore {
  private final TieredCache cache;

  /**
   * Each key go asked about or stored, with the order it first did, so the next runner's prefetch
   * fetches first what go will need first.
   */
  private final Map<String, Long> asked = new ConcurrentHashMap<>();

  private final AtomicLong order = new AtomicLong();

  /** Each lookup of go's that no tier answered, by key. */
  private final Queue<String> missed = new ConcurrentLinkedQueue<>();

  public TieredActionStore(TieredCache cache) {
    this.cache = cache;
  }

  @Override
  public Optional<Entry> get(byte[] actionId) throws IOException {
    String key = HexFormat.of().formatHex(actionId);
    asked.computeIfAbsent(key, k -> order.incrementAndGet());
    Optional<Hit> hit = cache.get(key);
    if (hit.isEmpty()) {
      missed.add(key);
    }
    return hit.map(
        h ->
            new Entry(
                HexFormat.of().parseHex(h.record().outputId().hex()),
                h.record().size(),
                h.record().time(),
                h.path()));
  }

  @Override
  public Path put(byte[] actionId, byte[] outputId, long size, InputStream body)
      throws IOException {
    String key = HexFormat.of().formatHex(actionId);
    asked.computeIfAbsent(key, k -> order.incrementAndGet());
    // The cache refuses a body whose size or SHA-256 is not the one go announced.
    return cache.putOutput(key, Digest.sha256(outputId), size, body).path();
  }

  /** Every action key go asked about or stored during this build, in the order it first did. */
  List<String> asked() {
    return asked.entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Each of go's lookups that found nothing, by key, once per lookup. */
  List<String> missed() {
    return List.copyOf(missed);
  }
}
