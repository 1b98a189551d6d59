package dev.slipway.modules;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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

  /**
   * Streams a zip file as it is; returns its size. The file is opened before the status is sent, so
   * a store blob replaced or removed meanwhile is still sent whole (the open file is kept).
   */
  static long sendZip(HttpExchange ex, Path file) throws IOException {
    try (FileChannel in = FileChannel.open(file)) {
      long size = in.size();
      ex.getResponseHeaders().set("Content-Type", "application/zip");
      ex.sendResponseHeaders(200, size);
      try (OutputStream out = ex.getResponseBody()) {
        Channels.newInputStream(in).transferTo(out);
      }
      return size;
    }
  }
}
