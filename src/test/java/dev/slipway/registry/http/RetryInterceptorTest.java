package dev.slipway.registry.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryInterceptorTest {
  private final List<Duration> sleeps = new ArrayList<>();
  private final FakeTransport wire = new FakeTransport();
  private final Transport transport =
      Interceptor.chain(
          List.of(
              new RetryInterceptor(
                  new RetryPolicy(
                      3, Duration.ofMillis(100), () -> 1.0, sleeps::add, Clock.systemUTC()))),
          wire);
  private final Request put =
      Request.of("PUT", URI.create("http://127.0.0.1:1/v2/a/manifests/x"))
          .withBody(Body.ofBytes("payload".getBytes(UTF_8), "application/json"));

  @Test
  void serviceUnavailableIsRetriedAndTheBodySentAgain() throws Exception {
    wire.respond(503).respond(503).respond(201);
    try (Response response = transport.execute(put)) {
      assertThat(response.status()).isEqualTo(201);
    }
    assertThat(wire.bodies).containsExactly("payload", "payload", "payload");
    assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void retryAfterOfATooManyRequestsAnswerIsHonoured() throws Exception {
    wire.respond(429, Map.of("Retry-After", "3"), "").respond(200);
    try (Response response = transport.execute(put)) {
      assertThat(response.status()).isEqualTo(200);
    }
    assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void connectionResetIsRetriedUntilAttemptsRunOut() {
    wire.fail(new SocketException("Connection reset"))
        .fail(new SocketException("Connection reset"))
        .fail(new SocketException("Connection reset"));
    assertThatThrownBy(() -> transport.execute(put)).hasMessage("Connection reset");
    assertThat(wire.requests).hasSize(3);
  }

  @Test
  void clientErrorsAndNonRetryableRequestsAreNotRetried() throws Exception {
    wire.respond(404).respond(503);
    try (Response response = transport.execute(put)) {
      assertThat(response.status()).isEqualTo(404);
    }
    try (Response response = transport.execute(put.notRetryable())) {
      assertThat(response.status()).isEqualTo(503);
    }
    assertThat(wire.requests).hasSize(2);
    assertThat(sleeps).isEmpty();
  }
}
