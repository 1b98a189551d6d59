package dev.slipway.layer;

import static dev.slipway.layer.ParallelGzipOutputStream.BLOCK;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelGzipOutputStreamTest {
  /** About 3.4 blocks of a binary's mix: repeated text, small numbers and noise. */
  private static byte[] sample() {
    Random random = new Random(42);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (out.size() < 3 * BLOCK + BLOCK / 2 - 12345) {
      switch (random.nextInt(3)) {
        case 0 ->
            out.writeBytes(("func main.handler" + random.nextInt(500) + "\n").getBytes(UTF_8));
        case 1 -> out.write(random.nextInt(16));
        default -> {
          byte[] noise = new byte[random.nextInt(64)];
          random.nextBytes(noise);
          out.writeBytes(noise);
        }
      }
    }
    return out.toByteArray();
  }

  private static byte[] compress(byte[] input, int threads, int chunk) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (OutputStream gzip = new ParallelGzipOutputStream(out, 1, pool, 2 * threads)) {
        for (int off = 0; off < input.length; off += chunk) {
          gzip.write(input, off, Math.min(chunk, input.length - off));
        }
      }
      return out.toByteArray();
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] compressInline(byte[] input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gzip = new ParallelGzipOutputStream(out, 1, Runnable::run, 1)) {
      gzip.write(input);
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  /**
   * Inflates the deflate data after the 10-byte header as one stream and checks that exactly the
   * 8-byte trailer follows its final block, which is what makes this a single gzip member.
   */
  private static byte[] inflateSingleMember(byte[] gz) throws Exception {
    assertThat(Arrays.copyOf(gz, 10)).isEqualTo(Compressors.GZIP_HEADER);
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(gz, 10, gz.length - 10);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[64 * 1024];
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        assertThat(n > 0 || !inflater.needsInput()).as("deflate data ends early").isTrue();
        out.write(buf, 0, n);
      }
      assertThat(inflater.getRemaining()).isEqualTo(8);
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }

  private static long trailerWord(byte[] gz, int from) {
    long v = 0;
    for (int i = 3; i >= 0; i--) {
      v = (v << 8) | (gz[from + i] & 0xff);
    }
    return v;
  }

  @Test
  void outputIsTheSameForOneTwoAndEightThreads() throws Exception {
    byte[] input = sample();
    byte[] inline = compressInline(input);

    assertThat(compress(input, 1, 64 * 1024)).isEqualTo(inline);
    assertThat(compress(input, 2, 64 * 1024)).isEqualTo(inline);
    assertThat(compress(input, 8, 64 * 1024)).isEqualTo(inline);
    assertThat(gunzip(inline)).isEqualTo(input);
  }

  @Test
  void outputDoesNotDependOnHowTheInputIsChunked() throws Exception {
    byte[] input = sample();
    byte[] whole = compressInline(input);

    assertThat(compress(input, 2, 512)).isEqualTo(whole);
    assertThat(compress(input, 2, BLOCK + 7)).isEqualTo(whole);
    assertThat(compress(input, 2, 3 * BLOCK)).isEqualTo(whole);
  }

  @Test
  void blocksJoinIntoOneMemberWithTheCrcAndSizeOfAllInput() throws Exception {
    byte[] input = sample();
    byte[] gz = compress(input, 2, 100_000);

    assertThat(inflateSingleMember(gz)).isEqualTo(input);
    CRC32 crc = new CRC32();
    crc.update(input);
    assertThat(trailerWord(gz, gz.length - 8)).isEqualTo(crc.getValue());
    assertThat(trailerWord(gz, gz.length - 4)).isEqualTo(input.length);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK})
  void inputsAroundBlockBoundariesRoundTrip(int size) throws Exception {
    byte[] input = new byte[size];
    for (int i = 0; i < size; i++) {
      input[i] = (byte) (i * 31 / 7);
    }
    byte[] gz = compress(input, 2, 8192);

    assertThat(inflateSingleMember(gz)).isEqualTo(input);
    assertThat(gunzip(gz)).isEqualTo(input);
    assertThat(compressInline(input)).isEqualTo(gz);
  }

  @Test
  void incompressibleInputRoundTrips() throws Exception {
    byte[] input = new byte[2 * BLOCK + 99];
    new Random(7).nextBytes(input);
    byte[] gz = compress(input, 2, 1 << 16);

    assertThat(gz.length).isBetween(input.length, input.length + input.length / 100);
    assertThat(gunzip(gz)).isEqualTo(input);
  }

  @Test
  void presetDictionaryLetsMatchesCrossBlockBoundaries() throws Exception {
    // A block of noise, then its last 16 KiB twice: that second block is nearly free only if its
    // deflater sees the end of the first block; alone it would cost at least 16 KiB.
    byte[] noise = new byte[BLOCK];
    new Random(3).nextBytes(noise);
    int tail = 16 * 1024;
    byte[] input = Arrays.copyOf(noise, BLOCK + 2 * tail);
    System.arraycopy(noise, BLOCK - tail, input, BLOCK, tail);
    System.arraycopy(noise, BLOCK - tail, input, BLOCK + tail, tail);
    byte[] gz = compressInline(input);

    assertThat(gz.length).isLessThan(BLOCK + 4096);
    assertThat(gunzip(gz)).isEqualTo(input);
  }

  @Test
  void failureOfTheUnderlyingStreamReachesTheWriter() throws Exception {
    OutputStream broken =
        new OutputStream() {
          private int written;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            if (written > 10) {
              throw new IOException("disk full");
            }
          }
        };
    byte[] input = "x".repeat(3 * BLOCK).getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(
            () -> {
              try (OutputStream gzip = new ParallelGzipOutputStream(broken, 1, Runnable::run, 1)) {
                gzip.write(input);
              }
            })
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");
  }
}
