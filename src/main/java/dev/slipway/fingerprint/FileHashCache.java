package dev.slipway.fingerprint;

import dev.slipway.core.AtomicFiles;
import dev.slipway.core.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Remembers file hashes by what {@code stat} says (size, mtime, ctime, device and inode, mode), as
 * git's index does, so a no-op build reads no file. ctime is set by the kernel on every write and
 * cannot be set by users, so a file rewritten and then given back its old mtime ({@code touch -d})
 * is still hashed again. A file whose mtime or ctime lies in the last two seconds is never cached:
 * a second write within the clock's granularity could leave every stat field equal ("racy git").
 *
 * <p>All the fields come from one {@code stat} call, through the {@code unix:} attribute view.
 */
public final class FileHashCache {
  private static final String VERSION = "slipway-filehash 2";
  private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final String STAT = "unix:size,lastModifiedTime,ctime,dev,ino,mode";
  private static final int OWNER_EXECUTE = 0100;
  private final Path file;
  private final Clock clock;
  private final Map<String, Entry> entries;
  private final Map<String, Entry> seen = new HashMap<>();
  private final MessageDigest sha = Digest.newSha256();
  private final byte[] buffer = new byte[64 * 1024];
  private boolean dirty;

  private record Entry(String stat, String hash) {}

  private FileHashCache(Path file, Clock clock, Map<String, Entry> entries) {
    this.file = file;
    this.clock = clock;
    this.entries = entries;
  }

  /** A cache that never remembers (for callers without a cache directory). */
  public static FileHashCache none() {
    return new FileHashCache(null, Clock.systemUTC(), new HashMap<>());
  }

  /** Loads the cache for one tree; a missing or unreadable file is an empty cache. */
  public static FileHashCache load(Path cacheDir, Path tree) throws IOException {
    return load(cacheDir, tree, Clock.systemUTC());
  }

  /** As {@link #load(Path, Path)}, judging "changed in the last two seconds" by {@code clock}. */
  static FileHashCache load(Path cacheDir, Path tree, Clock clock) throws IOException {
    Digest key = Digest.sha256Of(tree.toString().getBytes(StandardCharsets.UTF_8));
    Path file = cacheDir.resolve("filehash").resolve(key.hex().substring(0, 32));
    Map<String, Entry> entries = new HashMap<>();
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (!lines.isEmpty() && lines.get(0).equals(VERSION)) {
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.split("\t", -1);
          if (f.length == 3) {
            entries.put(f[0], new Entry(f[1], f[2]));
          }
        }
      }
    } catch (NoSuchFileException | CharacterCodingException e) {
      // absent or corrupt: start empty, it is only a cache
    }
    return new FileHashCache(file, clock, entries);
  }

  /** {@code x} or {@code -} (owner-executable or not), a tab, and the SHA-256 of the content. */
  public String hash(Path path, String name) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, STAT, LinkOption.NOFOLLOW_LINKS);
    long mtime = nanos(a.get("lastModifiedTime"));
    long ctime = nanos(a.get("ctime"));
    boolean executable = ((Integer) a.get("mode") & OWNER_EXECUTE) != 0;
    // The device and inode: a file replaced by another copy is a new entry.
    String stat =
        a.get("size")
            + ","
            + mtime
            + ","
            + ctime
            + ","
            + a.get("dev")
            + ":"
            + a.get("ino")
            + ","
            + executable;
    String exec = executable ? "x" : "-";
    Entry cached = entries.get(name);
    if (cached != null && cached.stat().equals(stat)) {
      seen.put(name, cached);
      return exec + "\t" + cached.hash();
    }
    sha.reset();
    try (InputStream in = Files.newInputStream(path)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
    }
    String hash = HexFormat.of().formatHex(sha.digest());
    long now = nanos(FileTime.from(clock.instant()));
    if (file != null && now - Math.max(mtime, ctime) > RACY_NANOS) {
      seen.put(name, new Entry(stat, hash));
      dirty = true;
    }
    return exec + "\t" + hash;
  }

  /** Writes what this run saw (dropping files that are gone), if anything changed. */
  public void save() throws IOException {
    if (file == null || !(dirty || seen.size() != entries.size())) {
      return;
    }
    StringBuilder out = new StringBuilder(VERSION).append('\n');
    seen.forEach(
        (name, e) ->
            out.append(name)
                .append('\t')
                .append(e.stat())
                .append('\t')
                .append(e.hash())
                .append('\n'));
    Files.createDirectories(file.getParent());
    AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static long nanos(Object time) {
    return ((FileTime) time).to(TimeUnit.NANOSECONDS);
  }
}
