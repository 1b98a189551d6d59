package dev.slipway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
  private static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void parseAndFormatRoundTrip() {
    Digest d = Digest.parse("sha256:" + EMPTY_SHA256);
    assertThat(d.algorithm()).isEqualTo("sha256");
    assertThat(d.hex()).isEqualTo(EMPTY_SHA256);
    assertThat(d.toString()).isEqualTo("sha256:" + EMPTY_SHA256);
    assertThat(Digest.parse(d.toString())).isEqualTo(d);
  }

  @Test
  void sha256OfEmptyInputIsTheKnownVector() {
    assertThat(Digest.sha256Of(new byte[0]).toString()).isEqualTo("sha256:" + EMPTY_SHA256);
  }

  @Test
  void sha256OfAbcIsTheKnownVector() {
    assertThat(Digest.sha256Of("abc".getBytes(StandardCharsets.UTF_8)).hex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "sha256:e3b0c442",
        "sha256:" + EMPTY_SHA256 + "00",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ":e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256:",
        "",
        "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
      })
  void malformedDigestsAreRejectedNamingTheInput(String text) {
    assertThatThrownBy(() -> Digest.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullDigestIsRejected() {
    assertThatThrownBy(() -> Digest.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void aHashThatIsNot32BytesIsRejected() {
    assertThatThrownBy(() -> Digest.sha256(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("31");
  }

  @Test
  void digestsOrderByTheirText() {
    Digest a = Digest.parse("sha256:" + "a".repeat(64));
    Digest b = Digest.parse("sha256:" + "b".repeat(64));
    assertThat(a).isLessThan(b);
  }
}
