package dev.slipway.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A username and a password or token. Docker's identity tokens (OAuth2 refresh tokens) use the
 * username {@value #IDENTITY_TOKEN_USER}. {@link #toString()} never shows the secret.
 */
public record Credential(String username, String secret) {
  /** The username docker's credential helpers report for an identity token. */
  public static final String IDENTITY_TOKEN_USER = "<token>";

  public Credential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(secret, "secret");
  }

  public static Credential identityToken(String token) {
    return new Credential(IDENTITY_TOKEN_USER, token);
  }

  public boolean isIdentityToken() {
    return username.equals(IDENTITY_TOKEN_USER);
  }

  /** The value of an {@code Authorization: Basic} header. */
  public String basicAuthorization() {
    String pair = username + ":" + secret;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credential[username=" + username + ", secret=****]";
  }
}
