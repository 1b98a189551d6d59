package dev.slipway.layer;

import dev.slipway.core.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A key for a layer's inputs made from what {@code stat} says about its source files (size, mtime,
 * inode) instead of their bytes, as git's index does. go leaves a binary untouched when it is up to
 * date, so an unchanged target's 10-20 MB binary need not be read, tarred or hashed again. A source
 * changed in the last two seconds gives no stamp ("racy": a second write within the clock's
 * resolution could leave stat unchanged), and the layer is then hashed as usual.
 */
final class SourceStamp {
  private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);

  private SourceStamp() {}

  /** The stamp of these entries at this time and codec, or empty when a source is too fresh. */
  static Optional<Digest> of(List<LayerEntry> sorted, Instant time, String codec)
      throws IOException {
    MessageDigest sha = Digest.newSha256();
    update(sha, "slipway-layer-stamp 1\n" + time.getEpochSecond() + "\n" + codec + "\n");
    long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    for (LayerEntry e : sorted) {
      update(sha, header(e));
      if (e.content() instanceof ContentSource.Bytes b) {
        sha.update(Digest.newSha256().digest(b.bytes()));
      } else if (e.content() instanceof ContentSource.FileContent f) {
        Optional<String> stat = stat(f.file(), now);
        if (stat.isEmpty()) {
          return Optional.empty();
        }
        update(sha, stat.get());
      }
      sha.update((byte) '\n');
    }
    return Optional.of(Digest.sha256(sha.digest()));
  }

  /**
   * The stamp of these entries by {@code contentKey}, which the caller vouches identifies the
   * content of every file among them (a Go build ID, whose content ID is a hash of its binary):
   * unlike stat, it survives a touch, as go gives every binary it found up to date.
   */
  static Digest ofContent(List<LayerEntry> sorted, Instant time, String codec, Digest contentKey) {
    MessageDigest sha = Digest.newSha256();
    update(sha, "slipway-layer-content-stamp 1\n" + time.getEpochSecond() + "\n" + codec + "\n");
    for (LayerEntry e : sorted) {
      update(sha, header(e));
      if (e.content() instanceof ContentSource.Bytes b) {
        sha.update(Digest.newSha256().digest(b.bytes()));
      } else if (e.content() instanceof ContentSource.FileContent) {
        update(sha, contentKey.toString());
      }
      sha.update((byte) '\n');
    }
    return Digest.sha256(sha.digest());
  }

  /** An entry as the tar header gives it: path, type, mode, owner, link target. */
  private static String header(LayerEntry e) {
    return e.path()
        + "\0"
        + e.type()
        + "\0"
        + e.mode()
        + "\0"
        + e.uid()
        + "\0"
        + e.gid()
        + "\0"
        + (e.linkTarget() == null ? "" : e.linkTarget())
        + "\0";
  }

  /** What stat says about a source file, or empty if it changed too recently to trust. */
  static Optional<String> stat(Path file, long nowNanos) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    long mtime = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    if (nowNanos - mtime < RACY_NANOS) {
      return Optional.empty();
    }
    return Optional.of(file.toAbsolutePath() + "|" + a.size() + "|" + mtime + "|" + a.fileKey());
  }

  private static void update(MessageDigest sha, String s) {
    sha.update(s.getBytes(StandardCharsets.UTF_8));
  }
}
