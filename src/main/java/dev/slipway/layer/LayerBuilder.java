package dev.slipway.layer;

import dev.slipway.core.CountingDigestOutputStream;
import dev.slipway.core.Digest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Collects layer entries and builds a reproducible, compressed-once layer.
 *
 * <p>Entries are sorted bytewise by path and missing parent directories are added (0755, 0:0), so
 * the order of {@link #add} calls never matters. {@link #build} tars the entries twice at most: the
 * first pass only hashes (the diffID, about 1 ms per MB) and is enough when the store already has
 * the blob; only on a miss does a second pass tar and compress. Streaming twice was preferred over
 * spooling the tar to a temp file because the common case, an unchanged layer, then writes nothing
 * to disk, and a miss costs one extra read of the sources (page-cached) instead of a write and a
 * read of the whole tar. The second pass re-checks the diffID, so a source file changed between the
 * passes is an error rather than a layer whose diffID lies. Before either pass, a {@link
 * SourceStamp} of the sources' stat data can find the layer with no pass at all.
 */
public final class LayerBuilder {
  private static final Comparator<String> BYTEWISE =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private final Map<String, LayerEntry> entries = new LinkedHashMap<>();
  private LayerListener listener = LayerListener.NONE;
  private Digest contentKey;

  /** Adds an entry; a second entry with the same path is an IllegalArgumentException. */
  public LayerBuilder add(LayerEntry e) {
    if (entries.putIfAbsent(e.path(), e) != null) {
      throw new IllegalArgumentException("duplicate path in layer: /" + e.path());
    }
    return this;
  }

  /**
   * Finds the layer by {@code key} rather than by its sources' stat: the caller vouches that the
   * key identifies their content (a binary's Go build ID). A key the store has not seen means new
   * content, compressed in the pass that hashes it.
   */
  public LayerBuilder contentKey(Digest key) {
    this.contentKey = key;
    return this;
  }

  /** Reports store hits and compressions to {@code listener}. */
  public LayerBuilder listener(LayerListener listener) {
    this.listener = listener == null ? LayerListener.NONE : listener;
    return this;
  }

  /**
   * The entries as they will be written: sorted, with parents added. Throws
   * IllegalArgumentException when an entry's parent is a file or symlink.
   */
  public List<LayerEntry> entries() {
    TreeMap<String, LayerEntry> all = new TreeMap<>(BYTEWISE);
    all.putAll(entries);
    for (LayerEntry e : entries.values()) {
      for (int slash = e.path().indexOf('/'); slash > 0; slash = e.path().indexOf('/', slash + 1)) {
        String parent = e.path().substring(0, slash);
        LayerEntry existing = all.computeIfAbsent(parent, p -> LayerEntry.directory(p, 0755));
        if (existing.type() != LayerEntry.Type.DIRECTORY) {
          throw new IllegalArgumentException(
              "/" + parent + " is not a directory but /" + e.path() + " is inside it");
        }
      }
    }
    return new ArrayList<>(all.values());
  }

  /** Builds at the epoch with the codec's default level. */
  public Layer build(LayerStore store, Compression compression) throws IOException {
    return build(store, compression, compression.defaultLevel(), Instant.EPOCH);
  }

  /** Builds with every mtime set to {@code mtime} (SOURCE_DATE_EPOCH, or the epoch). */
  public Layer build(LayerStore store, Compression compression, Instant mtime) throws IOException {
    return build(store, compression, compression.defaultLevel(), mtime);
  }

  /**
   * Builds the layer, or returns it from {@code store} without compressing when a layer with the
   * same diffID, codec and level is already there.
   */
  public Layer build(LayerStore store, Compression compression, int level, Instant mtime)
      throws IOException {
    compression.checkLevel(level);
    List<LayerEntry> sorted = entries();
    Instant time = tarTime(mtime);
    String codec = Compressors.format(compression) + "-" + level;
    Optional<Digest> stamp =
        contentKey != null
            ? Optional.of(SourceStamp.ofContent(sorted, time, codec, contentKey))
            : SourceStamp.of(sorted, time, codec);
    if (stamp.isPresent()) {
      Optional<Layer> byStat =
          store.stamped(stamp.get()).flatMap(d -> store.lookup(d, compression, level));
      if (byStat.isPresent()) {
        listener.storeHit(byStat.get());
        return byStat.get();
      }
    }
    if (stamp.isEmpty() || contentKey != null) {
      // A source written seconds ago (a binary go just linked), or content the store has no key
      // for, is almost surely new: compress in the same pass that hashes, rather than hashing
      // first to find what is not there.
      return compress(sorted, time, store, compression, level, stamp.orElse(null), false);
    }
    Digest diffId = diffId(sorted, time);
    Optional<Layer> hit = store.lookup(diffId, compression, level);
    if (hit.isEmpty()) {
      return compress(sorted, time, store, compression, level, stamp.get(), false);
    }
    store.stamp(stamp.get(), diffId);
    listener.storeHit(hit.get());
    return hit.get();
  }

  /**
   * Compresses the layer again although the store has it, and puts the new blob in place of the
   * stored one: for a stored blob found damaged. Compression is deterministic, so unchanged sources
   * give the same digest as before.
   */
  public Layer rebuild(LayerStore store, Compression compression, Instant mtime)
      throws IOException {
    return compress(
        entries(), tarTime(mtime), store, compression, compression.defaultLevel(), null, true);
  }

  /**
   * One pass: tar, hash and compress together. The new blob, hashed as it was written, replaces any
   * stored one (an identical one from another writer, or a damaged one); it counts as a store hit
   * when the store already listed it, unless {@code rebuilding}. Sources whose stat changed during
   * the pass make it fail rather than record a layer whose diffID lies.
   */
  private Layer compress(
      List<LayerEntry> sorted,
      Instant time,
      LayerStore store,
      Compression compression,
      int level,
      Digest stamp,
      boolean rebuilding)
      throws IOException {
    String before = sourceStats(sorted);
    long start = System.nanoTime();
    Path temp = store.newTempFile();
    try {
      CountingDigestOutputStream compressed;
      CountingDigestOutputStream tar;
      try (OutputStream file = Files.newOutputStream(temp)) {
        compressed = new CountingDigestOutputStream(new BufferedOutputStream(file, 64 * 1024));
        OutputStream codec = Compressors.open(compression, level, compressed);
        tar = new CountingDigestOutputStream(new BufferedOutputStream(codec, 64 * 1024));
        // Closing the outer stream finishes the codec (and frees zstd's native memory) even on
        // error.
        try (tar) {
          LayerTar.write(sorted, time, tar);
        }
      }
      if (!sourceStats(sorted).equals(before)) {
        throw new IOException("layer content changed while it was being built; build again");
      }
      Digest diffId = tar.digest();
      Digest digest = compressed.digest();
      boolean listed =
          !rebuilding
              && store
                  .lookup(diffId, compression, level)
                  .filter(l -> l.digest().equals(digest))
                  .isPresent();
      Layer layer = store.commit(temp, diffId, digest, compressed.count(), compression, level);
      if (stamp != null) {
        store.stamp(stamp, diffId);
      }
      if (listed) {
        listener.storeHit(layer);
      } else {
        listener.compressed(layer, System.nanoTime() - start);
      }
      return layer;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Size and mtime of every file source, to notice a source written to mid-build. */
  private static String sourceStats(List<LayerEntry> sorted) throws IOException {
    StringBuilder out = new StringBuilder();
    for (LayerEntry e : sorted) {
      if (e.content() instanceof ContentSource.FileContent f) {
        var a = Files.readAttributes(f.file(), java.nio.file.attribute.BasicFileAttributes.class);
        out.append(a.size()).append(',').append(a.lastModifiedTime().toInstant()).append(';');
      }
    }
    return out.toString();
  }

  /** The diffID (digest of the uncompressed tar) with every mtime set to {@code mtime}. */
  public Digest diffId(Instant mtime) throws IOException {
    return diffId(entries(), tarTime(mtime));
  }

  /** Writes the uncompressed tar to {@code out}, which is left open. */
  public void writeTar(OutputStream out, Instant mtime) throws IOException {
    LayerTar.write(entries(), tarTime(mtime), out);
  }

  private static Digest diffId(List<LayerEntry> sorted, Instant time) throws IOException {
    CountingDigestOutputStream hash =
        new CountingDigestOutputStream(OutputStream.nullOutputStream());
    LayerTar.write(sorted, time, hash);
    return hash.digest();
  }

  /** Tar keeps whole seconds; anything finer would only add PAX records that vary. */
  private static Instant tarTime(Instant mtime) {
    if (mtime == null || mtime.getEpochSecond() < 0) {
      throw new IllegalArgumentException("layer mtime must be at or after the epoch: " + mtime);
    }
    return Instant.ofEpochSecond(mtime.getEpochSecond());
  }
}
