package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {
  @Test
  void theCacheTrustKeyIsMaskedThoughItsNameDoesNotSayItIsASecret() {
    Redactor redactor =
        Redactor.of(
            new String[] {"build"},
            Map.of(
                "SLIPWAY_CACHE_TRUST_KEY", "k3y-only-release-jobs-hold",
                "SLIPWAY_CACHE_WRITER", "release"));

    assertThat(redactor.apply("failed with k3y-only-release-jobs-hold as release"))
        .isEqualTo("failed with *** as release");
  }
}
