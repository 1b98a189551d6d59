package dev.slipway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {
  private static final byte[] CONTENT =
      "layer bytes, long enough to be read in more than one piece"
          .repeat(2000)
          .getBytes(StandardCharsets.UTF_8);
  private static final Digest DIGEST = Digest.sha256Of(CONTENT);

  private static InputStream verifying(byte[] actual) {
    return new VerifyingInputStream(
        new ByteArrayInputStream(actual), DIGEST, CONTENT.length, "layer X");
  }

  @Test
  void matchingContentIsReadWhole() throws Exception {
    assertThat(verifying(CONTENT).readAllBytes()).isEqualTo(CONTENT);
  }

  @Test
  void aFlippedByteFailsBeforeTheLastBytesAreHandedOut() throws Exception {
    byte[] damaged = CONTENT.clone();
    damaged[17] ^= 1;
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    assertThatThrownBy(() -> verifying(damaged).transferTo(copy))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining("layer X is damaged")
        .hasMessageContaining("not " + DIGEST);
    assertThat(copy.size()).isLessThan(CONTENT.length);
  }

  @Test
  void aDamagedStreamKeepsFailing() throws Exception {
    byte[] damaged = CONTENT.clone();
    damaged[damaged.length - 1] ^= 1;
    InputStream in = verifying(damaged);
    assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class);
    assertThatThrownBy(in::read).isInstanceOf(DigestMismatchException.class);
  }

  @Test
  void shortContentFailsAtItsEnd() {
    byte[] truncated = Arrays.copyOf(CONTENT, CONTENT.length - 1);
    assertThatThrownBy(() -> verifying(truncated).readAllBytes())
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining("ends after " + truncated.length + " bytes");
  }

  @Test
  void bytesPastTheSizeAreNeverRead() throws Exception {
    byte[] longer = Arrays.copyOf(CONTENT, CONTENT.length + 10);
    assertThat(verifying(longer).readAllBytes()).isEqualTo(CONTENT);
  }

  @Test
  void emptyContentIsChecked() throws Exception {
    InputStream ok =
        new VerifyingInputStream(
            new ByteArrayInputStream(new byte[0]), Digest.sha256Of(new byte[0]), 0, "empty");
    assertThat(ok.read()).isEqualTo(-1);
    InputStream wrong =
        new VerifyingInputStream(new ByteArrayInputStream(new byte[0]), DIGEST, 0, "empty");
    assertThatThrownBy(wrong::read).isInstanceOf(DigestMismatchException.class);
  }

  @Test
  void aSliceReaderThatSkipsIsNotChecked() throws Exception {
    byte[] damaged = CONTENT.clone();
    damaged[3] ^= 1;
    InputStream in = verifying(damaged);
    in.skipNBytes(100);
    assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(damaged, 100, damaged.length));
  }
}
