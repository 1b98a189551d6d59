package dev.slipway.layer;

import dev.slipway.core.AtomicFiles;
import dev.slipway.core.CountingDigestOutputStream;
import dev.slipway.core.Digest;
import dev.slipway.core.StoreCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A content-addressed store of compressed layers, rooted at Slipway's cache dir / "layers".
 *
 * <pre>
 * blobs/sha256/&lt;hex&gt;                         compressed blobs, named by their digest
 * index/&lt;format&gt;-&lt;level&gt;/&lt;diffID hex&gt;       "&lt;compressed digest&gt; &lt;size&gt;"
 * tmp/                                     partial writes, renamed into place when complete
 * </pre>
 *
 * The index is keyed on the uncompressed digest plus the codec's format ("pgzip", "zstd") and
 * level, so a layer is compressed once per setting, and blobs an older encoder wrote are not reused
 * for the same setting. A writer renames a blob it hashed while writing over whatever is in place
 * (the same bytes from a concurrent writer, or a damaged blob), so concurrent builds of the same
 * layer, in threads or processes, all succeed and a damaged blob is repaired by rebuilding it.
 *
 * <p>Lookups check sizes only: reading every stored layer on every build would cost more than the
 * outputs' own check, which hashes the bytes as it copies or uploads them (publish.LayerReader).
 */
public final class LayerStore {
  private final Path root;

  /** A store under {@code root}; directories are created when first written. */
  public LayerStore(Path root) {
    this.root = root.toAbsolutePath();
  }

  public Path root() {
    return root;
  }

  /** Where the blob with this digest lives (or would live). */
  public Path blobPath(Digest digest) {
    return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }

  /** The cached layer for {@code diffId} at the codec's default level, if present and intact. */
  public Optional<Layer> lookup(Digest diffId, Compression c) {
    return lookup(diffId, c, c.defaultLevel());
  }

  /**
   * The cached layer for {@code diffId} at this codec and level. An index entry that cannot be
   * parsed, or whose blob is missing or has the wrong size, is a miss; the next build repairs it.
   * The blob is not re-hashed here (that would cost a read of every layer on the no-change path):
   * outputs check the bytes as they read them, and {@code slipway cache verify} re-hashes them all.
   */
  public Optional<Layer> lookup(Digest diffId, Compression c, int level) {
    String record;
    try {
      record = Files.readString(indexPath(diffId, c, level), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return Optional.empty(); // usually NoSuchFileException: never built with this setting
    }
    try {
      String[] parts = record.split(" ");
      if (parts.length != 2) {
        return Optional.empty();
      }
      Digest digest = Digest.parse(parts[0]);
      long size = Long.parseLong(parts[1]);
      Path blob = blobPath(digest);
      if (!Files.isRegularFile(blob) || Files.size(blob) != size) {
        return Optional.empty();
      }
      return Optional.of(new Layer(diffId, digest, size, c.mediaType(), blob, c));
    } catch (IllegalArgumentException | IOException e) {
      return Optional.empty();
    }
  }

  /** Re-hashes the blob of {@code layer}; true when its digest and size still match. */
  public boolean verify(Layer layer) throws IOException {
    try (InputStream in = Files.newInputStream(layer.blob());
        CountingDigestOutputStream out =
            new CountingDigestOutputStream(OutputStream.nullOutputStream())) {
      in.transferTo(out);
      return out.count() == layer.size() && out.digest().equals(layer.digest());
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /**
   * {@code slipway cache verify}: re-hashes every blob against its name and removes one that does
   * not match; removes index entries that cannot be parsed or name a missing blob or one of another
   * size, and stamps that cannot be parsed; cleans up stale temporary files. A removed entry is
   * only a miss for the next build, which makes the layer again.
   */
  public void verify(StoreCheck check) throws IOException {
    new LayerStoreCheck(root, check).run();
  }

  /** A fresh temporary file on the store's filesystem, for a blob being written. */
  Path newTempFile() throws IOException {
    Path tmp = root.resolve("tmp");
    Files.createDirectories(tmp);
    return Files.createTempFile(tmp, "layer-", ".tmp");
  }

  /**
   * Moves a complete blob from {@code temp}, hashed as it was written, into place (over whatever is
   * there: the same bytes, or damaged ones) and records it in the index.
   */
  Layer commit(Path temp, Digest diffId, Digest digest, long size, Compression c, int level)
      throws IOException {
    Path blob = blobPath(digest);
    Files.createDirectories(blob.getParent());
    AtomicFiles.move(temp, blob, true);
    Path index = indexPath(diffId, c, level);
    Files.createDirectories(index.getParent());
    AtomicFiles.write(index, (digest + " " + size + "\n").getBytes(StandardCharsets.UTF_8));
    return new Layer(diffId, digest, size, c.mediaType(), blob, c);
  }

  /** The diffID last built from inputs with this stamp, if recorded. */
  Optional<Digest> stamped(Digest stamp) {
    try {
      return Optional.of(
          Digest.parse(Files.readString(stampPath(stamp), StandardCharsets.UTF_8).trim()));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty(); // absent or unreadable: the layer is hashed as usual
    }
  }

  void stamp(Digest stamp, Digest diffId) throws IOException {
    Path path = stampPath(stamp);
    Files.createDirectories(path.getParent());
    AtomicFiles.write(path, (diffId + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private Path stampPath(Digest stamp) {
    return root.resolve("stamps").resolve(stamp.hex());
  }

  private Path indexPath(Digest diffId, Compression c, int level) {
    return root.resolve("index").resolve(Compressors.format(c) + "-" + level).resolve(diffId.hex());
  }
}
