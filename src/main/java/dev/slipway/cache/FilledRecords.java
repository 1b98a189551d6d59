package dev.slipway.cache;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local tier's action records, with those filled from a remote kept in memory until {@link
 * #save}: each record is a new file, a cold runner fills hundreds while go waits on them, and on
 * some file systems creating a file costs far more than reading one (ext4 without a journal checks
 * every new inode against those recently deleted). Lookups see unsaved records at once; a record
 * lost to a crash before the save only costs fetching it again.
 */
final class FilledRecords {
  private final LocalCache local;
  private final Map<String, ActionRecord> unsaved = new ConcurrentHashMap<>();

  /** Orders a save of a filled record against a put of the same key, so the put's record wins. */
  private final Object writes = new Object();

  FilledRecords(LocalCache local) {
    this.local = local;
  }

  LocalCache local() {
    return local;
  }

  /** The record of {@code key}: filled in this process and not yet saved, or from disk. */
  Optional<ActionRecord> get(String key) throws IOException {
    ActionRecord filled = unsaved.get(key);
    return filled != null ? Optional.of(filled) : local.getAction(key);
  }

  /** Remembers a record filled from a remote; its body must already be in the local tier. */
  void filled(String key, ActionRecord record) {
    unsaved.put(key, record);
  }

  /** Writes a record at once (a put by go), replacing any unsaved one for the key. */
  void write(String key, ActionRecord record) throws IOException {
    synchronized (writes) {
      unsaved.remove(key);
      local.putAction(key, record);
    }
  }

  /** Writes every unsaved record to the local tier; returns how many it wrote. */
  @SuppressWarnings("ModifyCollectionInEnhancedForLoop") // a ConcurrentHashMap's view allows it
  int save() throws IOException {
    int saved = 0;
    for (Map.Entry<String, ActionRecord> entry : unsaved.entrySet()) {
      synchronized (writes) {
        if (unsaved.remove(entry.getKey(), entry.getValue())) {
          local.putAction(entry.getKey(), entry.getValue());
          saved++;
        }
      }
    }
    return saved;
  }
}
