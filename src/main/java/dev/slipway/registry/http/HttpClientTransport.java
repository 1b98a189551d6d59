package dev.slipway.registry.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A transport over {@link HttpClient}, used only for PATCH (chunked uploads). The client is costly
 * to start (about 0.5 s), so it is created on first use.
 */
public final class HttpClientTransport implements Transport {
  /** Headers HttpClient sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("content-length", "host", "connection", "expect", "upgrade");

  private final HttpClient client;
  private final Duration timeout;

  /**
   * @param timeout the longest wait for the answer's headers, sending included: a PATCH chunk is at
   *     most {@code RegistryOptions.chunkSize()}, which a working link sends well within it
   */
  public HttpClientTransport(Duration connectTimeout, Duration timeout) {
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .build();
  }

  @Override
  public Response execute(Request request) throws IOException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(timeout);
    for (Map.Entry<String, List<String>> field : request.headers().asMap().entrySet()) {
      if (!RESTRICTED.contains(field.getKey().toLowerCase(java.util.Locale.ROOT))) {
        field.getValue().forEach(value -> builder.header(field.getKey(), value));
      }
    }
    Body body = request.body();
    HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
    if (body != null) {
      if (body.contentType() != null) {
        builder.setHeader("Content-Type", body.contentType());
      }
      publisher =
          HttpRequest.BodyPublishers.fromPublisher(
              HttpRequest.BodyPublishers.ofInputStream(() -> open(body)), body.length());
    }
    builder.method(request.method(), publisher);
    try {
      HttpResponse<InputStream> response =
          client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
      return new Response(
          request, response.statusCode(), Headers.of(response.headers().map()), response.body());
    } catch (java.net.http.HttpTimeoutException e) {
      // Retried like a socket timeout, and said the same way.
      throw new java.net.SocketTimeoutException(
          "no answer within " + timeout.toMillis() + " ms: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted during " + request);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static InputStream open(Body body) {
    try {
      return body.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
