package dev.slipway.build;

import dev.slipway.cache.LocalCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code slipway cache stats|gc|verify} on the local tier of the compile-action cache. */
public final class CacheTasks {
  private CacheTasks() {}

  private static LocalCache local(Path cacheDir) {
    return new LocalCache(cacheDir.resolve("actions"));
  }

  /** One line per fact, for people. */
  public static List<String> stats(Path cacheDir) throws IOException {
    LocalCache.Stats s = local(cacheDir).stats();
    List<String> out = new ArrayList<>();
    out.add("local cache: " + local(cacheDir).dir());
    out.add("actions: " + s.actions());
    out.add("blobs: " + s.blobs() + " (" + s.bytes() + " bytes)");
    return out;
  }

  /** Evicts least-recently-used entries until the local tier is at most {@code maxBytes}. */
  public static String gc(Path cacheDir, long maxBytes) throws IOException {
    LocalCache.GcResult r = local(cacheDir).gc(maxBytes);
    return "removed "
        + r.deleted()
        + " entries ("
        + r.freedBytes()
        + " bytes); "
        + r.remainingBytes()
        + " bytes remain";
  }

  /** Re-hashes every blob; returns how many were checked and removed. */
  public static long[] verify(Path cacheDir) throws IOException {
    LocalCache.VerifyResult r = local(cacheDir).verify();
    return new long[] {r.checked(), r.removed()};
  }

  /** Parses sizes such as {@code 500M}, {@code 2G}, {@code 1048576}. */
  public static long parseSize(String text) {
    String t = text.strip().toUpperCase(java.util.Locale.ROOT);
    long unit = 1;
    if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1);
    }
    if (t.endsWith("K")) {
      unit = 1L << 10;
    } else if (t.endsWith("M")) {
      unit = 1L << 20;
    } else if (t.endsWith("G")) {
      unit = 1L << 30;
    } else if (t.endsWith("T")) {
      unit = 1L << 40;
    }
    if (unit > 1) {
      t = t.substring(0, t.length() - 1);
    }
    long n = Long.parseLong(t.strip());
    if (n < 0) {
      throw new NumberFormatException("negative size");
    }
    return Math.multiplyExact(n, unit);
  }
}
