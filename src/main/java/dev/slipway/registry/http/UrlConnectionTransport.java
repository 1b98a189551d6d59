package dev.slipway.registry.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The default transport: {@link HttpURLConnection}, which is cheap to start. Redirects are not
 * followed here (see {@link RedirectInterceptor}); PATCH goes to a lazily created {@link
 * HttpClientTransport} because HttpURLConnection rejects that method.
 *
 * <p>Every wait is bounded: the connect and read timeouts, and, because HttpURLConnection has no
 * write timeout, a request body that the server stops taking for a read timeout is cut off by
 * {@link StallWatch}, as when a registry is stopped mid-upload.
 */
public final class UrlConnectionTransport implements Transport {
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private volatile HttpClientTransport patchTransport;

  public UrlConnectionTransport(Duration connectTimeout, Duration readTimeout) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.connectTimeoutMillis = (int) connectTimeout.toMillis();
    this.readTimeoutMillis = (int) readTimeout.toMillis();
  }

  @Override
  public Response execute(Request request) throws IOException {
    if (request.method().equals("PATCH")) {
      return patchTransport().execute(request);
    }
    HttpURLConnection connection = (HttpURLConnection) request.uri().toURL().openConnection();
    connection.setInstanceFollowRedirects(false);
    connection.setUseCaches(false);
    connection.setConnectTimeout(connectTimeoutMillis);
    connection.setReadTimeout(readTimeoutMillis);
    connection.setRequestMethod(request.method());
    for (Map.Entry<String, List<String>> field : request.headers().asMap().entrySet()) {
      for (String value : field.getValue()) {
        connection.addRequestProperty(field.getKey(), value);
      }
    }
    Body body = request.body();
    boolean sendsBody =
        body != null || request.method().equals("POST") || request.method().equals("PUT");
    try {
      if (sendsBody) {
        long length = body == null ? 0 : body.length();
        if (body != null && body.contentType() != null) {
          connection.setRequestProperty("Content-Type", body.contentType());
        }
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(length);
        try (OutputStream out = connection.getOutputStream()) {
          if (body != null) {
            try (InputStream in = body.open()) {
              StallWatch.copy(in, out, readTimeout, connection::disconnect);
            }
          }
        }
      }
      int status = connection.getResponseCode();
      InputStream stream =
          status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      if (request.method().equals("HEAD") && stream != null) {
        stream.close();
        stream = null;
      }
      return new Response(request, status, Headers.of(connection.getHeaderFields()), stream);
    } catch (IOException e) {
      connection.disconnect();
      throw e;
    }
  }

  private HttpClientTransport patchTransport() {
    HttpClientTransport transport = patchTransport;
    if (transport == null) {
      synchronized (this) {
        if (patchTransport == null) {
          patchTransport = new HttpClientTransport(connectTimeout, readTimeout);
        }
        transport = patchTransport;
      }
    }
    return transport;
  }
}
