package dev.slipway.modules;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The go command's checksum-database traffic goes through the loopback proxy to an upstream. */
@Tag("integration")
class SumdbRelayIntegrationTest {
  @TempDir Path dir;

  /** An upstream proxy that serves the checksum database of one name, and records requests. */
  private static HttpServer upstream(List<String> seen, String supportedName) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          seen.add(path);
          byte[] body;
          int status;
          if (path.equals("/sumdb/" + supportedName + "/supported")) {
            status = 200;
            body = new byte[0];
          } else if (path.startsWith("/sumdb/" + supportedName + "/lookup/")) {
            status = 200;
            body = "42\nexample.com/x v1.0.0 h1:abc=\n".getBytes(StandardCharsets.UTF_8);
          } else {
            status = 404;
            body = "not found".getBytes(StandardCharsets.UTF_8);
          }
          ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    return server;
  }

  private static int get(URI uri, StringBuilder body) throws Exception {
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    int status = c.getResponseCode();
    var in = status < 400 ? c.getInputStream() : c.getErrorStream();
    if (in != null) {
      body.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    return status;
  }

  @Test
  void supportedAndLookupAreRelayedToTheUpstreamThatServesTheDatabase() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer up = upstream(seen, "sum.example.org");
    String base = "http://127.0.0.1:" + up.getAddress().getPort();
    try (ModuleProxy proxy =
        ModuleProxy.start(
            new ModuleStore(dir),
            GoProxySettings.fromGoEnv(Map.of("GOPROXY", base)),
            Expected.none(),
            ModuleProxy.Options.loopback())) {
      StringBuilder body = new StringBuilder();
      assertThat(get(proxy.uri().resolve("/sumdb/sum.example.org/supported"), body)).isEqualTo(200);
      assertThat(
              get(proxy.uri().resolve("/sumdb/sum.example.org/lookup/example.com/x@v1.0.0"), body))
          .isEqualTo(200);
      assertThat(body.toString()).contains("example.com/x v1.0.0 h1:abc=");
      assertThat(get(proxy.uri().resolve("/sumdb/other.example/supported"), new StringBuilder()))
          .isEqualTo(404);
    } finally {
      up.stop(0);
    }
    assertThat(seen).contains("/sumdb/sum.example.org/lookup/example.com/x@v1.0.0");
  }

  @Test
  void offlineTheProxyClaimsNoChecksumDatabase() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer up = upstream(seen, "sum.example.org");
    String base = "http://127.0.0.1:" + up.getAddress().getPort();
    try (ModuleProxy proxy =
        ModuleProxy.start(
            new ModuleStore(dir),
            GoProxySettings.fromGoEnv(Map.of("GOPROXY", base)),
            Expected.none(),
            ModuleProxy.Options.loopback().withOffline(true))) {
      assertThat(get(proxy.uri().resolve("/sumdb/sum.example.org/supported"), new StringBuilder()))
          .isEqualTo(404);
    } finally {
      up.stop(0);
    }
    assertThat(seen).isEmpty();
  }
}
