package dev.slipway.cache;

import dev.slipway.core.AtomicFiles;
import dev.slipway.core.CountingDigestOutputStream;
import dev.slipway.core.Digest;
import dev.slipway.core.IoErrors;
import dev.slipway.core.StoreCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The local tier: action records under {@code a/<key>} and bodies under {@code blobs/sha256/<hex>}.
 * Every write goes to a temporary file renamed into place, so readers never see half a file and
 * concurrent writers of the same content all succeed.
 *
 * <p>A blob is checked on its first read in this process (size and SHA-256); a bad blob is deleted
 * and reported as a miss. Hits update the file's modification time, which {@link #gc} uses as the
 * last-use time.
 */
public final class LocalCache {
  private final Path dir;
  private final Path actions;
  private final Path blobs;

  /** Blobs already re-hashed by this process, so a body is hashed at most once per build. */
  private final Set<String> verified = ConcurrentHashMap.newKeySet();

  public LocalCache(Path dir) {
    this.dir = dir.toAbsolutePath();
    this.actions = this.dir.resolve("a");
    this.blobs = this.dir.resolve("blobs").resolve("sha256");
  }

  public Path dir() {
    return dir;
  }

  /** The record for {@code key}, or empty if it is absent or unreadable (then it is deleted). */
  public Optional<ActionRecord> getAction(String key) throws IOException {
    Path file = actions.resolve(ActionKeys.check(key));
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      ActionRecord record = ActionRecord.parse(bytes);
      touch(file);
      return Optional.of(record);
    } catch (IllegalArgumentException e) {
      Files.deleteIfExists(file);
      return Optional.empty();
    }
  }

  public void putAction(String key, ActionRecord record) throws IOException {
    AtomicFiles.write(actions.resolve(ActionKeys.check(key)), record.encode());
  }

  /**
   * The blob's path if it is present with this size and digest. A blob that fails the check is
   * deleted and reported as a miss.
   */
  public Optional<Path> getBlob(Digest digest, long size) throws IOException {
    Path file = blobPath(digest);
    long actual;
    try {
      actual = Files.size(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (actual != size || (!verified.contains(digest.hex()) && !hashMatches(file, digest))) {
      delete(file, digest);
      return Optional.empty();
    }
    verified.add(digest.hex());
    touch(file);
    return Optional.of(file);
  }

  /** Stores a body, hashing it while it is written; returns its digest and size. */
  public StoredBlob putBlob(InputStream body) throws IOException {
    return putBlob(body, null, -1);
  }

  /**
   * Stores a body that must have this digest and size, checked while it is written; one that
   * differs is not stored.
   *
   * @throws IOException naming both sizes or both digests when the body is not the one announced
   */
  public StoredBlob putBlob(InputStream body, Digest digest, long size) throws IOException {
    Path temp = newTemp();
    try {
      CountingDigestOutputStream out;
      try (OutputStream file = IoErrors.naming(temp, Files.newOutputStream(temp))) {
        out = new CountingDigestOutputStream(file);
        body.transferTo(out);
        out.flush();
      }
      if (size >= 0 && out.count() != size) {
        throw new IOException("the body has " + out.count() + " bytes, not " + size);
      }
      Digest actual = out.digest();
      if (digest != null && !actual.equals(digest)) {
        throw new IOException("the body's SHA-256 is " + actual.hex() + ", not " + digest.hex());
      }
      adopt(temp, actual);
      return new StoredBlob(actual, out.count(), blobPath(actual));
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Moves a downloaded file into the store if it has this size and digest; otherwise deletes it and
   * returns false. The file must come from {@link #newTemp()}.
   */
  public boolean adoptBlob(Path temp, Digest digest, long size) throws IOException {
    return adopt(temp, digest, size, false);
  }

  /**
   * As {@link #adoptBlob}, for a file whose digest its writer verified while writing it (a registry
   * download hashes as it streams): only the size is checked, so the body is not read a second
   * time.
   */
  public boolean adoptVerifiedBlob(Path temp, Digest digest, long size) throws IOException {
    return adopt(temp, digest, size, true);
  }

  private boolean adopt(Path temp, Digest digest, long size, boolean verified) throws IOException {
    try {
      if (Files.size(temp) != size || (!verified && !hashMatches(temp, digest))) {
        return false;
      }
      adopt(temp, digest);
      return true;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** A fresh temporary file inside the cache, on the same filesystem as the blobs. */
  public Path newTemp() throws IOException {
    Path tmp = dir.resolve("tmp");
    Files.createDirectories(tmp);
    return Files.createTempFile(tmp, "body", ".tmp");
  }

  public Path blobPath(Digest digest) {
    return blobs.resolve(digest.hex());
  }

  /** How many records and blobs the store holds, and their bytes. */
  public Stats stats() throws IOException {
    List<Entry> entries = entries();
    return new Stats(
        entries.stream().filter(e -> !e.blob()).count(),
        entries.stream().filter(Entry::blob).count(),
        entries.stream().mapToLong(Entry::size).sum());
  }

  /**
   * Deletes the least recently used records and blobs until the store holds at most {@code
   * maxBytes}. A record whose blob is gone is a miss, so the two may be evicted independently.
   */
  public GcResult gc(long maxBytes) throws IOException {
    List<Entry> entries = new ArrayList<>(entries());
    entries.sort(Comparator.comparing(Entry::lastUsed).thenComparing(e -> e.path().toString()));
    long total = entries.stream().mapToLong(Entry::size).sum();
    long deleted = 0;
    long freed = 0;
    for (Entry entry : entries) {
      if (total <= maxBytes) {
        break;
      }
      Files.deleteIfExists(entry.path());
      verified.remove(entry.path().getFileName().toString());
      total -= entry.size();
      freed += entry.size();
      deleted++;
    }
    return new GcResult(deleted, freed, total);
  }

  /** Re-hashes every blob and deletes those whose content does not match their name. */
  public VerifyResult verify() throws IOException {
    StoreCheck check = new StoreCheck("actions");
    verify(check);
    return new VerifyResult(check.checkedCount(), check.removed().size());
  }

  /**
   * Re-hashes every blob, deletes those whose content does not match their name and reports each to
   * {@code check}; cleans up stale temporary files. Action records are not checked here: one that
   * cannot be parsed is deleted when it is read.
   */
  public void verify(StoreCheck check) throws IOException {
    for (Entry entry : entries()) {
      if (!entry.blob()) {
        continue;
      }
      check.checked();
      String hex = entry.path().getFileName().toString();
      Digest digest;
      try {
        digest = new Digest("sha256", hex);
      } catch (IllegalArgumentException e) {
        digest = null;
      }
      if (digest == null || !hashMatches(entry.path(), digest)) {
        delete(entry.path(), digest);
        check.removed("actions/" + dir.relativize(entry.path()), "does not hash to its name");
      }
    }
    Path tmp = dir.resolve("tmp");
    if (Files.isDirectory(tmp)) {
      try (Stream<Path> files = Files.list(tmp)) {
        for (Path temp : files.toList()) {
          check.cleanIfStale(temp);
        }
      }
    }
  }

  private void adopt(Path temp, Digest digest) throws IOException {
    // The go command runs cached test binaries straight from the file it is given.
    Files.setPosixFilePermissions(
        temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path target = blobPath(digest);
    Files.createDirectories(blobs);
    AtomicFiles.move(temp, target, false);
    verified.add(digest.hex());
  }

  private void delete(Path file, Digest digest) throws IOException {
    Files.deleteIfExists(file);
    if (digest != null) {
      verified.remove(digest.hex());
    }
  }

  private static boolean hashMatches(Path file, Digest digest) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        CountingDigestOutputStream out =
            new CountingDigestOutputStream(OutputStream.nullOutputStream())) {
      in.transferTo(out);
      return out.digest().equals(digest);
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private static void touch(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
    } catch (IOException e) {
      // a concurrent gc may have removed it; the read already succeeded
    }
  }

  private List<Entry> entries() throws IOException {
    List<Entry> entries = new ArrayList<>();
    collect(actions, false, entries);
    collect(blobs, true, entries);
    return entries;
  }

  private static void collect(Path folder, boolean blob, List<Entry> into) throws IOException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> files = Files.list(folder)) {
      files
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .forEach(
              p -> {
                try {
                  BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                  if (a.isRegularFile()) {
                    into.add(new Entry(p, blob, a.size(), a.lastModifiedTime()));
                  }
                } catch (NoSuchFileException e) {
                  // removed by a concurrent gc
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private record Entry(Path path, boolean blob, long size, FileTime lastUsed) {}

  /** A body in the store. */
  public record StoredBlob(Digest digest, long size, Path path) {}

  /** What the store holds. */
  public record Stats(long actions, long blobs, long bytes) {
    public long entries() {
      return actions + blobs;
    }
  }

  /** What {@link #gc} removed and what is left. */
  public record GcResult(long deleted, long freedBytes, long remainingBytes) {}

  /** What {@link #verify} checked and removed. */
  public record VerifyResult(long checked, long removed) {}
}
