package dev.slipway.fingerprint;

import dev.slipway.core.AtomicFiles;
import dev.slipway.core.Digest;
import dev.slipway.core.StoreCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Memos by fingerprint, one small text file each under {@code <cache>/memo/}. Plain text keeps the
 * no-op path free of JSON start-up cost; an unreadable memo is treated as absent. The last line is
 * the SHA-256 of the lines before it: a memo is what the fast path reports without building, so a
 * damaged one (a flipped digest would still parse) must be a miss, never a wrong answer.
 */
public final class MemoStore {
  private static final String VERSION = "slipway-memo 2";
  private static final String SUM = "sum\t";
  private final Path dir;

  public MemoStore(Path cacheDir) {
    this.dir = cacheDir.resolve("memo");
  }

  public Optional<Memo> lookup(Digest key) throws IOException {
    return read(dir.resolve(key.hex()));
  }

  /**
   * {@code slipway cache verify}: removes memos that cannot be parsed (a lookup would miss them
   * anyway), and cleans up stale temporary files. A memo naming outputs that are gone is kept: the
   * fast path checks them before trusting it.
   */
  public void verify(StoreCheck check) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.startsWith(".")) {
        check.cleanIfStale(file);
        continue;
      }
      check.checked();
      boolean named;
      try {
        new Digest("sha256", name);
        named = true;
      } catch (IllegalArgumentException e) {
        named = false;
      }
      if (!named || (Files.isRegularFile(file) && read(file).isEmpty())) {
        Files.deleteIfExists(file);
        check.removed("memo/" + name, named ? "unreadable" : "not named by a fingerprint");
      }
    }
  }

  private static Optional<Memo> read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Optional<String> body = checked(bytes);
    if (body.isEmpty()) {
      return Optional.empty(); // damaged or cut short: a miss, never fatal
    }
    List<String> lines = body.get().lines().toList();
    if (lines.isEmpty() || !lines.get(0).equals(VERSION)) {
      return Optional.empty();
    }
    List<Memo.Entry> entries = new ArrayList<>();
    Map<String, String> proofs = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      try {
        if (f[0].equals("target") && f.length == 8) {
          entries.add(new Memo.Entry(f[1], f[2], f[3], f[4], f[5], Long.parseLong(f[6]), f[7]));
        } else if (f[0].equals("proof") && f.length == 3) {
          proofs.put(f[1], f[2]);
        } else {
          return Optional.empty();
        }
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return entries.isEmpty() ? Optional.empty() : Optional.of(new Memo(entries, proofs));
  }

  public void save(Digest key, Memo memo) throws IOException {
    StringBuilder out = new StringBuilder(VERSION).append('\n');
    for (Memo.Entry e : memo.targets()) {
      out.append(
          String.join(
              "\t",
              "target",
              e.name(),
              e.importPath(),
              e.platforms(),
              e.mediaType(),
              e.digest(),
              Long.toString(e.size()),
              e.image()));
      out.append('\n');
    }
    memo.outputProofs().forEach((k, v) -> out.append("proof\t" + k + "\t" + v + "\n"));
    byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
    out.append(SUM).append(Digest.sha256Of(body).hex()).append('\n');
    Files.createDirectories(dir);
    AtomicFiles.write(dir.resolve(key.hex()), out.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The text before the sum line, if the sum matches it. */
  private static Optional<String> checked(byte[] bytes) {
    int end = bytes.length - 1;
    if (end < 0 || bytes[end] != '\n') {
      return Optional.empty();
    }
    int start = end - 1;
    while (start >= 0 && bytes[start] != '\n') {
      start--;
    }
    start++;
    String last = new String(bytes, start, end - start, StandardCharsets.UTF_8);
    byte[] body = java.util.Arrays.copyOf(bytes, start);
    if (!last.equals(SUM + Digest.sha256Of(body).hex())) {
      return Optional.empty();
    }
    return Optional.of(new String(body, StandardCharsets.UTF_8));
  }
}
