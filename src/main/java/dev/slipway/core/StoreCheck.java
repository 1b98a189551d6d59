package dev.slipway.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@code slipway cache verify} found in one store under the cache directory: how many entries
 * it checked, which damaged or unusable entries it removed (each with the reason), and how many
 * leftovers of interrupted writes it cleaned up. Leftovers are not damage: a killed build leaves
 * them, and only ones older than {@link #STALE} are removed, so a build running meanwhile keeps its
 * own.
 */
public final class StoreCheck {
  /** A temporary file or directory older than this belongs to no running writer. */
  public static final Duration STALE = Duration.ofHours(1);

  private final String store;
  private final boolean counting;
  private final Instant staleBefore = Instant.now().minus(STALE);
  private long checked;
  private long cleaned;
  private final List<String> removed = Collections.synchronizedList(new ArrayList<>());

  public StoreCheck(String store) {
    this(store, true);
  }

  private StoreCheck(String store, boolean counting) {
    this.store = store;
    this.counting = counting;
  }

  /** A check of a store that reports what it removed but not how much it checked. */
  public static StoreCheck uncounted(String store) {
    return new StoreCheck(store, false);
  }

  public String store() {
    return store;
  }

  /** Counts one entry as checked. */
  public synchronized void checked() {
    checked++;
  }

  public synchronized long checkedCount() {
    return checked;
  }

  /** Notes that the entry at {@code what} was removed, and why. */
  public void removed(String what, String why) {
    removed.add(what + ": " + why);
  }

  public List<String> removed() {
    return List.copyOf(removed);
  }

  public synchronized long cleaned() {
    return cleaned;
  }

  /**
   * Removes {@code leftover} (a file, or a directory with what is in it) if it is older than {@link
   * #STALE}, and counts it; a younger one may belong to a running writer and is kept.
   */
  public void cleanIfStale(Path leftover) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(leftover, BasicFileAttributes.class);
    } catch (java.nio.file.NoSuchFileException e) {
      return;
    }
    if (a.lastModifiedTime().toInstant().isAfter(staleBefore)) {
      return;
    }
    if (a.isDirectory()) {
      try (var walk = Files.walk(leftover)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    } else {
      Files.deleteIfExists(leftover);
    }
    synchronized (this) {
      cleaned++;
    }
  }

  /**
   * One line for people, such as {@code layers: checked 12, removed 1, cleaned 2 leftovers of
   * interrupted writes}.
   */
  public String summary() {
    StringBuilder out = new StringBuilder(store).append(": ");
    if (counting) {
      out.append("checked ").append(checkedCount()).append(", ");
    }
    out.append("removed ").append(removed.size());
    if (cleaned() > 0) {
      out.append(", cleaned ").append(cleaned()).append(" leftovers of interrupted writes");
    }
    return out.toString();
  }
}
