package dev.slipway.testing;

import dev.slipway.cache.ActionRecord;
import dev.slipway.cache.ListedAction;
import dev.slipway.cache.RemoteStore;
import dev.slipway.cache.RemoteStores;
import dev.slipway.core.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What anyone with write access to a shared cache can do, with the store code Slipway ships: put a
 * different body under a real action key, with a matching record (untagged: the attacker has no
 * trust key), and where the backend keeps action sets, into the set that lists the key too, so a
 * reader that prefetches the set finds it there as well.
 */
public final class CacheAttacker {
  private CacheAttacker() {}

  /**
   * Stores {@code body} and points {@code key}'s record (and, if {@code setKey} names a set that
   * lists it, the set's entry) at it; {@code work} holds the copies of bodies a rewritten set
   * needs. Returns the record written.
   */
  public static ActionRecord overwrite(
      String url, String key, byte[] body, Optional<String> setKey, Path work) throws IOException {
    Files.createDirectories(work);
    Digest digest = Digest.sha256Of(body);
    Path file = Files.write(work.resolve("poison-" + digest.hex()), body);
    ActionRecord record = new ActionRecord(digest, digest, body.length, Instant.now());
    try (RemoteStore store = RemoteStores.parse(url, Map.of())) {
      store.putBlob(digest, file, body.length);
      store.putAction(key, record.encode());
      Optional<Map<String, byte[]>> set =
          setKey.isPresent() ? store.getActionSet(setKey.get()) : Optional.empty();
      if (set.isPresent() && set.get().containsKey(key)) {
        List<ListedAction> listed = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : set.get().entrySet()) {
          if (entry.getKey().equals(key)) {
            listed.add(new ListedAction(key, record, file));
            continue;
          }
          ActionRecord kept = ActionRecord.parse(entry.getValue());
          Path copy = work.resolve("copy-" + kept.blob().hex());
          if (!store.getBlob(kept.blob(), copy)) {
            throw new IOException(store.name() + " lacks the body of " + entry.getKey());
          }
          listed.add(new ListedAction(entry.getKey(), kept, copy));
        }
        store.putActionSet(setKey.get(), listed);
      }
    }
    return record;
  }
}
