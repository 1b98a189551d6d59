package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.registry.http.FakeTransport;
import dev.slipway.registry.http.Interceptor;
import dev.slipway.registry.http.Request;
import dev.slipway.registry.http.Response;
import dev.slipway.registry.http.Transport;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthInterceptorTest {
  private static final String CHALLENGE =
      "Bearer realm=\"https://auth.example/token\",service=\"reg\",scope=\"repository:app:pull\"";

  private final FakeTransport registry = new FakeTransport();
  private final FakeTransport tokenServer = new FakeTransport();
  private final HostPolicy hostPolicy = new HostPolicy(Set.of());
  private final Transport transport =
      Interceptor.chain(
          List.of(
              new AuthInterceptor(
                  CredentialSource.fixed("reg.example", new Credential("u", "p")),
                  new TokenService(tokenServer, hostPolicy),
                  hostPolicy)),
          registry);

  private Request head() {
    return Request.of("HEAD", URI.create("https://reg.example/v2/app/blobs/sha256:00"))
        .withScopes(List.of("repository:app:pull"));
  }

  @Test
  void bearerChallengeIsAnsweredWithATokenThatIsCachedPerScope() throws Exception {
    registry.respond(401, Map.of("WWW-Authenticate", CHALLENGE), "").respond(200).respond(200);
    tokenServer.respond(200, Map.of(), "{\"token\":\"t1\"}");

    try (Response first = transport.execute(head())) {
      assertThat(first.status()).isEqualTo(200);
    }
    try (Response second = transport.execute(head())) {
      assertThat(second.status()).isEqualTo(200);
    }

    assertThat(registry.requests.get(0).headers().contains("Authorization")).isFalse();
    assertThat(registry.requests.get(1).headers().first("Authorization")).contains("Bearer t1");
    assertThat(registry.requests.get(2).headers().first("Authorization")).contains("Bearer t1");
    Request tokenRequest = tokenServer.requests.get(0);
    assertThat(tokenRequest.uri().toString())
        .isEqualTo("https://auth.example/token?service=reg&scope=repository%3Aapp%3Apull");
    assertThat(tokenRequest.headers().first("Authorization")).contains("Basic dTpw");
  }

  @Test
  void expiredTokenMidPushIsRefreshedOnce() throws Exception {
    registry
        .respond(401, Map.of("WWW-Authenticate", CHALLENGE), "")
        .respond(200)
        .respond(401, Map.of("WWW-Authenticate", CHALLENGE), "")
        .respond(200);
    tokenServer.respond(200, Map.of(), "{\"token\":\"t1\"}");
    tokenServer.respond(200, Map.of(), "{\"access_token\":\"t2\"}");

    transport.execute(head()).close();
    try (Response response = transport.execute(head())) {
      assertThat(response.status()).isEqualTo(200);
    }
    assertThat(registry.requests.get(3).headers().first("Authorization")).contains("Bearer t2");
  }

  @Test
  void refusedTokenRequestSurfacesAsUnauthorized() throws Exception {
    registry.respond(401, Map.of("WWW-Authenticate", CHALLENGE), "");
    tokenServer.respond(401);
    try (Response response = transport.execute(head())) {
      assertThat(response.status()).isEqualTo(401);
    }
    assertThat(registry.requests).hasSize(1);
  }

  @Test
  void credentialsAreNotSentToATokenRealmOverPlainHttp() throws Exception {
    registry
        .respond(401, Map.of("WWW-Authenticate", "Bearer realm=\"http://auth.example/token\""), "")
        .respond(200);
    tokenServer.respond(200, Map.of(), "{\"token\":\"anon\"}");
    transport.execute(head()).close();
    assertThat(tokenServer.requests.get(0).headers().contains("Authorization")).isFalse();
  }
}
