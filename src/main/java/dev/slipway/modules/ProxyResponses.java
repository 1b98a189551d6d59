package dev.slipway.modules;

import com.sun.net.httpserver.HttpExchange;
import dev.slipway.core.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;

/** How the {@link ModuleProxy} writes its answers: text, bytes, relayed upstream answers, files. */
final class ProxyResponses {
  private ProxyResponses() {}

  static void text(HttpExchange ex, int code, String message) throws IOException {
    send(ex, code, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** Passes an upstream answer on; {@code null} means offline. */
  static void relay(HttpExchange ex, Upstream.Response r) throws IOException {
    if (r == null) {
      text(ex, 404, "offline: not served");
    } else if (r.found()) {
      send(ex, 200, "text/plain; charset=utf-8", r.body());
    } else if (r.status() == Upstream.Status.FAILED) {
      text(ex, 502, r.message());
    } else {
      text(ex, 404, r.message());
    }
  }

  /** Streams a zip file as it is; returns its size. */
  static long sendZip(HttpExchange ex, Path file) throws IOException {
    long size = Files.size(file);
    ex.getResponseHeaders().set("Content-Type", "application/zip");
    ex.sendResponseHeaders(200, size);
    try (OutputStream out = ex.getResponseBody()) {
      Files.copy(file, out);
    }
    return size;
  }

  /**
   * Streams a blob, holding back the last buffer until the whole file matched its digest; a damaged
   * blob aborts the response (the client sees a short body) and is removed.
   */
  static long sendVerified(HttpExchange ex, Path file, Digest digest) throws IOException {
    long size = Files.size(file);
    ex.getResponseHeaders().set("Content-Type", "application/zip");
    ex.sendResponseHeaders(200, size);
    MessageDigest md = Digest.newSha256();
    OutputStream out = ex.getResponseBody();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] held = null;
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.readNBytes(buf, 0, buf.length)) > 0; ) {
        if (held != null) {
          out.write(held);
        }
        held = Arrays.copyOf(buf, n);
        md.update(held);
      }
      if (!Digest.sha256(md.digest()).equals(digest)) {
        Files.deleteIfExists(file);
        throw new IOException(file + " no longer matches " + digest + "; removed it");
      }
      if (held != null) {
        out.write(held);
      }
    }
    out.close();
    return size;
  }
}
