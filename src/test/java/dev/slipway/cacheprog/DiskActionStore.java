package dev.slipway.cacheprog;

import dev.slipway.core.AtomicFiles;
import dev.slipway.core.CountingDigestOutputStream;
import dev.slipway.core.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Actions on local disk: outputs at {@code o/<hex outputID>} (mode 0755, since go runs linked
 * binaries straight from them) and records at {@code a/<hex actionID>}, a line of {@code <hex
 * outputID> <size> <time> <output mtime, ns>}. Outputs are written before the records that name
 * them, so a record never points at a half-written file.
 */
public final class DiskActionStore implements ActionStore {
  private static final HexFormat HEX = HexFormat.of();
  private static final Set<PosixFilePermission> EXECUTABLE =
      PosixFilePermissions.fromString("rwxr-xr-x");

  private final Path outputs;
  private final Path actions;
  // Outputs hashed once by this process, so repeated gets read each file only once.
  private final Set<String> verified = ConcurrentHashMap.newKeySet();
  private final LongAdder gets = new LongAdder();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder bytesPut = new LongAdder();

  /** What this store has served since it was opened. */
  public record Stats(long gets, long hits, long misses, long puts, long bytesPut) {
    @Override
    public String toString() {
      return String.format(
          "gets %d, hits %d, misses %d, puts %d (%d bytes)", gets, hits, misses, puts, bytesPut);
    }
  }

  public DiskActionStore(Path dir) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    this.outputs = Files.createDirectories(root.resolve("o"));
    this.actions = Files.createDirectories(root.resolve("a"));
  }

  @Override
  public Optional<Entry> get(byte[] actionId) throws IOException {
    gets.increment();
    Optional<Entry> entry = lookup(actionId);
    (entry.isPresent() ? hits : misses).increment();
    return entry;
  }

  private Optional<Entry> lookup(byte[] actionId) throws IOException {
    Path record = actions.resolve(HEX.formatHex(actionId));
    String text;
    try {
      text = Files.readString(record, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    String[] fields = text.strip().split(" ");
    try {
      if (fields.length != 4) {
        throw new IllegalArgumentException("expected 4 fields");
      }
      byte[] outputId = HEX.parseHex(fields[0]);
      long size = Long.parseLong(fields[1]);
      Instant time = Instant.parse(fields[2]);
      Path file = outputs.resolve(fields[0]);
      long stamp = Long.parseLong(fields[3]);
      if (outputId.length != 32 || !intact(file, outputId, size, stamp)) {
        Files.deleteIfExists(record);
        return Optional.empty();
      }
      return Optional.of(new Entry(outputId, size, time, file));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      Files.deleteIfExists(record);
      return Optional.empty();
    }
  }

  /**
   * Whether {@code file} holds {@code size} bytes hashing to {@code outputId}; removes it if not. A
   * file whose size and modification time are those recorded when it was verified is not read again
   * (as git's index trusts stat data), so a hit costs no hashing.
   */
  private boolean intact(Path file, byte[] outputId, long size, long stamp) throws IOException {
    String hex = HEX.formatHex(outputId);
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return false;
    }
    if (attributes.size() == size
        && (verified.contains(hex)
            || stamp(attributes) == stamp
            || Arrays.equals(sha256(file), outputId))) {
      verified.add(hex);
      return true;
    }
    verified.remove(hex);
    Files.deleteIfExists(file);
    return false;
  }

  private static long stamp(BasicFileAttributes attributes) {
    return attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
  }

  @Override
  public Path put(byte[] actionId, byte[] outputId, long size, InputStream body)
      throws IOException {
    if (outputId.length != 32) {
      throw new IOException("OutputID must be a SHA-256 (32 bytes), got " + outputId.length);
    }
    String hex = HEX.formatHex(outputId);
    Path file = outputs.resolve(hex);
    if (Files.exists(file) && intact(file, outputId, size, -1)) {
      drain(body, outputId, size);
    } else {
      write(file, outputId, size, body);
    }
    long stamp = stamp(Files.readAttributes(file, BasicFileAttributes.class));
    String record = hex + " " + size + " " + Instant.now() + " " + stamp + "\n";
    AtomicFiles.write(
        actions.resolve(HEX.formatHex(actionId)), record.getBytes(StandardCharsets.UTF_8));
    puts.increment();
    bytesPut.add(size);
    return file;
  }

  private void write(Path file, byte[] outputId, long size, InputStream body) throws IOException {
    Path temp = AtomicFiles.tempSibling(file);
    try {
      CountingDigestOutputStream counted;
      try (OutputStream out = Files.newOutputStream(temp)) {
        counted = new CountingDigestOutputStream(out);
        body.transferTo(counted);
        counted.flush();
      }
      check(counted.count(), HEX.parseHex(counted.digest().hex()), outputId, size);
      Files.setPosixFilePermissions(temp, EXECUTABLE);
      // A damaged file in the way is replaced; a good one written meanwhile is just as good.
      AtomicFiles.move(temp, file, true);
      verified.add(HEX.formatHex(outputId));
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void drain(InputStream body, byte[] outputId, long size) throws IOException {
    MessageDigest md = newSha256();
    long n;
    try (DigestInputStream in = new DigestInputStream(body, md)) {
      n = in.transferTo(OutputStream.nullOutputStream());
    }
    check(n, md.digest(), outputId, size);
  }

  private static void check(long count, byte[] digest, byte[] outputId, long size)
      throws IOException {
    if (count != size) {
      throw new IOException("body has " + count + " bytes, BodySize says " + size);
    }
    if (!Arrays.equals(digest, outputId)) {
      throw new IOException("body's SHA-256 is not its OutputID " + HEX.formatHex(outputId));
    }
  }

  /** A snapshot of the counters. */
  public Stats stats() {
    return new Stats(gets.sum(), hits.sum(), misses.sum(), puts.sum(), bytesPut.sum());
  }

  private static byte[] sha256(Path file) throws IOException {
    MessageDigest md = newSha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return md.digest();
  }

  private static MessageDigest newSha256() {
    return Digest.newSha256();
  }
}
