package dev.slipway.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedirectInterceptorTest {
  private final FakeTransport wire = new FakeTransport();
  private final Transport transport = Interceptor.chain(List.of(new RedirectInterceptor()), wire);
  private final Request get =
      Request.of("GET", URI.create("https://reg.example/v2/app/blobs/sha256:00"))
          .withHeader("Authorization", "Bearer secret-token");

  @Test
  void redirectToAnotherHostDropsAuthorization() throws Exception {
    wire.respond(307, Map.of("Location", "https://storage.example/blob?sig=1"), "").respond(200);
    try (Response response = transport.execute(get)) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.request().uri())
          .isEqualTo(URI.create("https://storage.example/blob?sig=1"));
    }
    assertThat(wire.requests.get(0).headers().contains("Authorization")).isTrue();
    assertThat(wire.requests.get(1).headers().contains("Authorization")).isFalse();
  }

  @Test
  void relativeRedirectOnTheSameHostKeepsAuthorization() throws Exception {
    wire.respond(302, Map.of("Location", "/v2/app/blobs/other"), "").respond(200);
    try (Response response = transport.execute(get)) {
      assertThat(response.status()).isEqualTo(200);
    }
    assertThat(wire.requests.get(1).uri())
        .isEqualTo(URI.create("https://reg.example/v2/app/blobs/other"));
    assertThat(wire.requests.get(1).headers().first("Authorization"))
        .contains("Bearer secret-token");
  }

  @Test
  void putIsNeverRedirected() throws Exception {
    wire.respond(307, Map.of("Location", "https://elsewhere.example/"), "");
    Request put = Request.of("PUT", get.uri()).withBody(Body.empty());
    try (Response response = transport.execute(put)) {
      assertThat(response.status()).isEqualTo(307);
    }
    assertThat(wire.requests).hasSize(1);
  }
}
