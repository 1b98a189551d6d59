package dev.slipway.publish;

import dev.slipway.core.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * What a no-op build checks of an OCI layout that an earlier build wrote, without reading its
 * blobs: {@code index.json} by digest (it is small), {@code oci-layout} by existence, and each blob
 * by its stat (size, inode, modification and change time) as that build left it.
 *
 * <p>A write to a blob sets its modification and change times to the current time. So that such a
 * write is noticed even within the file system's timestamp granularity (a few milliseconds, or a
 * whole second) of when the blob was written, the proof first sets the modification time of each
 * blob written in the last {@link #SETTLE} to that long ago: any later write then moves it. Only a
 * change that also restores both times (which no ordinary tool can do to the change time) would go
 * unseen; a build whose inputs changed hashes every blob it reuses anyway.
 */
final class LayoutProof {
  /** How far into the past a freshly written blob's modification time is set. */
  static final long SETTLE = 10;

  private LayoutProof() {}

  /**
   * The proof of the layout at {@code dir}, whose index.json is {@code index}; empty (proving
   * nothing) when a blob's time cannot be set.
   */
  static String make(Path dir, byte[] index, Collection<Digest> blobs) throws IOException {
    Path blobsDir = dir.resolve("blobs");
    StringBuilder proof = new StringBuilder(Digest.sha256Of(index).toString());
    FileTime settled = FileTime.from(Instant.now().minusSeconds(SETTLE));
    for (Digest d : blobs) {
      Path blob = BlobFiles.path(blobsDir, d);
      if (Files.getLastModifiedTime(blob, LinkOption.NOFOLLOW_LINKS).compareTo(settled) > 0) {
        try {
          Files.setLastModifiedTime(blob, settled);
        } catch (IOException e) {
          return ""; // someone else's blob: no proof, so the next build checks the layout again
        }
      }
      proof.append(' ').append(d).append('=').append(stat(blob));
    }
    return proof.toString();
  }

  /** True when the layout at {@code dir} is still what {@code proof} describes. */
  static boolean holds(Path dir, String proof) throws IOException {
    Path index = dir.resolve("index.json");
    if (!Files.isRegularFile(index) || !Files.isRegularFile(dir.resolve("oci-layout"))) {
      return false;
    }
    String[] parts = proof.split(" ");
    if (parts.length < 2
        || !Digest.sha256Of(Files.readAllBytes(index)).toString().equals(parts[0])) {
      return false;
    }
    Path blobsDir = dir.resolve("blobs");
    try {
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        Path blob = BlobFiles.path(blobsDir, Digest.parse(parts[i].substring(0, eq)));
        if (!stat(blob).equals(parts[i].substring(eq + 1))) {
          return false;
        }
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException | NoSuchFileException e) {
      return false;
    }
    return true;
  }

  /** Size, inode, and modification and change time in nanoseconds, from one stat. */
  static String stat(Path file) throws IOException {
    try {
      Map<String, Object> a =
          Files.readAttributes(
              file,
              "unix:size,ino,lastModifiedTime,ctime,isRegularFile",
              LinkOption.NOFOLLOW_LINKS);
      if (!Boolean.TRUE.equals(a.get("isRegularFile"))) {
        throw new NoSuchFileException(file.toString(), null, "not a regular file");
      }
      return a.get("size")
          + ","
          + a.get("ino")
          + ","
          + nanos((FileTime) a.get("lastModifiedTime"))
          + ","
          + nanos((FileTime) a.get("ctime"));
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // No unix attribute view: size, file key and modification time are what is left.
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile()) {
        throw new NoSuchFileException(file.toString(), null, "not a regular file");
      }
      return a.size() + "," + a.fileKey() + "," + nanos(a.lastModifiedTime());
    }
  }

  private static long nanos(FileTime t) {
    Instant i = t.toInstant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
