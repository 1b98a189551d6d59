package dev.slipway.layer;

import dev.slipway.core.CountingDigestOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Not a test: prints what each way of making a binary layer costs, to choose the defaults. Run with
 * {@code java -cp target/classes:target/test-classes:<deps>
 * dev.slipway.layer.CompressionMeasurement [--cold] [BINARY]} (default: the {@code go} binary).
 * Reports the median of 5 rounds after 2 warm-ups; {@code --cold} times one of each in a fresh JVM.
 *
 * <p>The {@code go} binary of go1.26.8, 15.4 MB, 2 cores, JDK 17 (medians; the machine was shared,
 * so runs with other load were discarded):
 *
 * <pre>
 * tar + sha256 (diffID pass)           0.012 s
 * tar + gzip -1, one deflate stream    0.183 s  6.71 MB   (the codec before block-parallel gzip)
 * tar + pgzip -1, 1 thread             0.178 s  6.70 MB
 * tar + pgzip -1, 2 threads            0.099 s  6.70 MB   (CPU 0.19 s, as for one thread)
 * miss: hash + gzip -1, whole build    0.121 s  6.70 MB   (was 0.205 s single-stream)
 * </pre>
 *
 * Cold JVM, 10 MB binary: the first diffID pass costs about 100-120 ms, of which about 65 ms is the
 * same for a 1 KB file (class loading) and most of the rest is SHA-256 running before C2 compiles
 * it with the SHA-NI intrinsic (10 MB of cold SHA-256 alone takes 50-55 ms, warm 7 ms). Buffering
 * the tar's 512-byte records before hashing changed nothing measurable cold and cost 0.5 ms warm,
 * so the streams were left as they were.
 */
public final class CompressionMeasurement {
  private CompressionMeasurement() {}

  /** A timed step. */
  interface Step {
    long run(Path scratch) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    boolean cold = args.length > 0 && args[0].equals("--cold");
    int first = cold ? 1 : 0;
    Path binary = Path.of(args.length > first ? args[first] : "/usr/local/go/bin/go");
    Path scratch = Files.createTempDirectory("slipway-measure");
    LayerBuilder layer = BinaryLayer.entries("bin", binary);
    if (cold) {
      coldBuild(layer, scratch);
      return;
    }
    System.out.printf("input %s, %.2f MB%n", binary, Files.size(binary) / 1e6);

    measure(
        "tar + sha256 (diffID pass)", scratch, s -> layer.diffId(Instant.EPOCH) != null ? 0 : 1);
    measure("tar to temp file + sha256", scratch, s -> spool(layer, s));
    measure("tar + gzip -1, one deflate stream", scratch, s -> singleStreamGzip(layer));
    for (int threads : new int[] {1, 2}) {
      measure(
          "tar + pgzip -1, " + threads + " thread(s)", scratch, s -> parallelGzip(layer, threads));
    }
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

  /**
   * One of each in a fresh JVM, no warm-up: what a CI job pays. Run it a few times from a shell.
   */
  private static void coldBuild(LayerBuilder layer, Path scratch) throws Exception {
    long start = System.nanoTime();
    layer.diffId(Instant.EPOCH);
    long firstPass = System.nanoTime();
    layer.diffId(Instant.EPOCH);
    long secondPass = System.nanoTime();
    miss(layer, scratch, Compression.GZIP, 1);
    long built = System.nanoTime();
    System.out.printf(
        "cold: first diffID pass %.1f ms, second %.1f ms, then a gzip miss %.1f ms%n",
        (firstPass - start) / 1e6, (secondPass - firstPass) / 1e6, (built - secondPass) / 1e6);
  }

  private static long miss(LayerBuilder layer, Path scratch, Compression c, int level)
      throws Exception {
    LayerStore store = new LayerStore(Files.createTempDirectory(scratch, "store"));
    return layer.build(store, c, level, Instant.EPOCH).size();
  }

  /** The codec before block-parallel gzip: one raw deflate stream, as a size and time reference. */
  private static long singleStreamGzip(LayerBuilder layer) throws Exception {
    Deflater deflater = new Deflater(1, true);
    CountingDigestOutputStream sink =
        new CountingDigestOutputStream(OutputStream.nullOutputStream());
    try (OutputStream deflate = new DeflaterOutputStream(sink, deflater, 64 * 1024)) {
      layer.writeTar(deflate, Instant.EPOCH);
    } finally {
      deflater.end();
    }
    return sink.count() + 18; // plus gzip header and trailer
  }

  private static long parallelGzip(LayerBuilder layer, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountingDigestOutputStream sink =
          new CountingDigestOutputStream(OutputStream.nullOutputStream());
      try (OutputStream gzip = new ParallelGzipOutputStream(sink, 1, pool, 2 * threads)) {
        layer.writeTar(gzip, Instant.EPOCH);
      }
      return sink.count();
    } finally {
      pool.shutdownNow();
    }
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

  /**
   * Prints the median and best wall time and the median CPU time of the whole process (all
   * threads): on a shared machine the best wall time shows what parallelism gives, and CPU time
   * what it costs.
   */
  private static void measure(String name, Path scratch, Step step) throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long[] times = new long[5];
    long[] cpu = new long[times.length];
    long size = 0;
    for (int i = -2; i < times.length; i++) {
      long cpuStart = os.getProcessCpuTime();
      long start = System.nanoTime();
      size = step.run(scratch);
      if (i >= 0) {
        times[i] = System.nanoTime() - start;
        cpu[i] = os.getProcessCpuTime() - cpuStart;
      }
    }
    Arrays.sort(times);
    Arrays.sort(cpu);
    System.out.printf(
        "%-36s %6.3f s (best %5.3f, cpu %5.3f) %s%n",
        name,
        times[2] / 1e9,
        times[0] / 1e9,
        cpu[2] / 1e9,
        size > 0 ? String.format("%.2f MB", size / 1e6) : "");
  }
}
