package dev.slipway.registry.http;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** A response whose body is streamed; close it (or read it fully) to free the connection. */
public final class Response implements Closeable {
  private final Request request;
  private final int status;
  private final Headers headers;
  private final InputStream body;

  public Response(Request request, int status, Headers headers, InputStream body) {
    this.request = request;
    this.status = status;
    this.headers = headers;
    this.body = body == null ? InputStream.nullInputStream() : body;
  }

  /** The request that produced this response, after redirects and interceptors. */
  public Request request() {
    return request;
  }

  public int status() {
    return status;
  }

  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  public Headers headers() {
    return headers;
  }

  public InputStream body() {
    return body;
  }

  /** Reads at most {@code limit} bytes of the body and closes it. */
  public byte[] bodyBytes(int limit) throws IOException {
    try (InputStream in = body) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while (out.size() < limit
          && (n = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()))) > 0) {
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  /** Closes the body, ignoring failures: the response is being discarded. */
  public void discard() {
    try {
      body.close();
    } catch (IOException ignored) {
      // nothing more to do with a body nobody reads
    }
  }

  @Override
  public void close() throws IOException {
    body.close();
  }

  @Override
  public String toString() {
    return status + " for " + request;
  }
}
