package dev.slipway.layer;

import dev.slipway.core.CountingDigestOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * Not a test: prints what each way of making a binary layer costs, to choose the defaults. Run with
 * {@code java -cp target/classes:target/test-classes:<deps>
 * dev.slipway.layer.CompressionMeasurement [BINARY]} (default: the {@code go} binary). Reports the
 * median of 5 rounds after 2 warm-ups.
 */
public final class CompressionMeasurement {
  private CompressionMeasurement() {}

  /** A timed step. */
  interface Step {
    long run(Path scratch) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path binary = Path.of(args.length > 0 ? args[0] : "/usr/local/go/bin/go");
    Path scratch = Files.createTempDirectory("slipway-measure");
    LayerBuilder layer = BinaryLayer.entries("bin", binary);
    System.out.printf("input %s, %.2f MB%n", binary, Files.size(binary) / 1e6);

    measure(
        "tar + sha256 (diffID pass)", scratch, s -> layer.diffId(Instant.EPOCH) != null ? 0 : 1);
    measure("tar to temp file + sha256", scratch, s -> spool(layer, s));
    for (int level : new int[] {1, 6}) {
      measure("miss: hash + gzip -" + level, scratch, s -> miss(layer, s, Compression.GZIP, level));
    }
    measure("miss: hash + zstd -3", scratch, s -> miss(layer, s, Compression.ZSTD, 3));
    LayerStore warm = new LayerStore(scratch.resolve("warm"));
    layer.build(warm, Compression.GZIP);
    measure(
        "hit: hash + index lookup (gzip)",
        scratch,
        s -> layer.build(warm, Compression.GZIP).size());
  }

  private static long miss(LayerBuilder layer, Path scratch, Compression c, int level)
      throws Exception {
    LayerStore store = new LayerStore(Files.createTempDirectory(scratch, "store"));
    return layer.build(store, c, level, Instant.EPOCH).size();
  }

  private static long spool(LayerBuilder layer, Path scratch) throws Exception {
    Path file = Files.createTempFile(scratch, "tar", ".tmp");
    try (OutputStream out = Files.newOutputStream(file);
        CountingDigestOutputStream hash = new CountingDigestOutputStream(out)) {
      layer.writeTar(hash, Instant.EPOCH);
      hash.digest();
    }
    Files.delete(file);
    return 0;
  }

  private static void measure(String name, Path scratch, Step step) throws Exception {
    long[] times = new long[5];
    long size = 0;
    for (int i = -2; i < times.length; i++) {
      long start = System.nanoTime();
      size = step.run(scratch);
      if (i >= 0) {
        times[i] = System.nanoTime() - start;
      }
    }
    Arrays.sort(times);
    System.out.printf(
        "%-36s %6.3f s %s%n",
        name, times[2] / 1e9, size > 0 ? String.format("%.2f MB", size / 1e6) : "");
  }
}
