package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialTest {
  @Test
  void toStringNeverShowsTheSecret() {
    Credential credential = new Credential("ci-bot", "hunter2-very-secret");
    assertThat(credential.toString()).contains("ci-bot").doesNotContain("hunter2");
    assertThat(Credential.identityToken("tok-123").toString()).doesNotContain("tok-123");
  }

  @Test
  void basicAuthorizationEncodesUserAndSecret() {
    assertThat(new Credential("user", "pass").basicAuthorization()).isEqualTo("Basic dXNlcjpwYXNz");
  }
}
