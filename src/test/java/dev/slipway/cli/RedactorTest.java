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

  @Test
  void theWorkingDirectoryIsNotASecretButAPasswordVariableStillIs() {
    Redactor redactor =
        Redactor.of(
            new String[] {"build"},
            Map.of(
                "PWD", "/home/dev/src/shop",
                "OLDPWD", "/home/dev/src",
                "DB_PWD", "hunter2-and-more",
                "SLIPWAY_SIGN_KEY_PASSWORD", "pass-phrase-123"));

    assertThat(redactor.apply("/home/dev/src/shop/key.pem: hunter2-and-more pass-phrase-123"))
        .isEqualTo("/home/dev/src/shop/key.pem: *** ***");
  }
}
