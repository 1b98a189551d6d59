package dev.slipway.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CountingDigestOutputStreamTest {
  @Test
  void digestAndCountMatchWhatWasWrittenThroughBothWriteMethods() throws Exception {
    byte[] payload = "hello, slipway".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (CountingDigestOutputStream out = new CountingDigestOutputStream(sink)) {
      out.write(payload[0]);
      out.write(payload, 1, 4);
      out.write(payload, 5, payload.length - 5);
      assertThat(out.count()).isEqualTo(payload.length);
      assertThat(out.digest()).isEqualTo(Digest.sha256Of(payload));
    }
    assertThat(sink.toByteArray()).isEqualTo(payload);
  }

  @Test
  void nothingWrittenIsTheEmptyDigest() throws Exception {
    try (CountingDigestOutputStream out =
        new CountingDigestOutputStream(java.io.OutputStream.nullOutputStream())) {
      assertThat(out.count()).isZero();
      assertThat(out.digest()).isEqualTo(Digest.sha256Of(new byte[0]));
    }
  }

  @Test
  void aLargeWriteIsCountedInFull() throws Exception {
    byte[] big = new byte[3 * 1024 * 1024 + 7];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    try (CountingDigestOutputStream out =
        new CountingDigestOutputStream(java.io.OutputStream.nullOutputStream())) {
      out.write(big);
      assertThat(out.count()).isEqualTo(big.length);
      assertThat(out.digest()).isEqualTo(Digest.sha256Of(big));
    }
  }
}
