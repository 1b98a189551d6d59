package dev.slipway.modules;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The GOPROXY walk against a loopback upstream whose paths answer a fixed status. */
@Tag("integration")
class UpstreamIntegrationTest {
  private HttpServer server;
  private final ConcurrentLinkedQueue<String> asked = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          asked.add(path.substring(0, path.indexOf('/', 1)));
          int code = Integer.parseInt(path.substring(2, 5)); // "/s404/..." answers 404
          byte[] body = ("status " + code).getBytes(UTF_8);
          ex.sendResponseHeaders(code, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Upstream.Response walk(String goproxy) throws Exception {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    List<GoProxySettings.Entry> list =
        GoProxySettings.parseProxyList(goproxy.replace("H/", base + "/"));
    return new Upstream(list, Duration.ofSeconds(5)).list("example.com/m");
  }

  @Test
  void commaFallsThroughOn404And410ButStopsOn500() throws Exception {
    assertThat(walk("H/s404,H/s410,H/s200").status()).isEqualTo(Upstream.Status.FOUND);
    assertThat(asked).containsExactly("/s404", "/s410", "/s200");

    asked.clear();
    Upstream.Response r = walk("H/s500,H/s200");
    assertThat(r.status()).isEqualTo(Upstream.Status.FAILED);
    assertThat(r.message()).contains("500").contains("status 500");
    assertThat(asked).containsExactly("/s500");
  }

  @Test
  void pipeFallsThroughOnAnyError() throws Exception {
    Upstream.Response r = walk("H/s500|H/s502|H/s200");
    assertThat(r.status()).isEqualTo(Upstream.Status.FOUND);
    assertThat(new String(r.body(), UTF_8)).isEqualTo("status 200");
    assertThat(asked).containsExactly("/s500", "/s502", "/s200");
  }

  @Test
  void anUnreachableProxyIsAnErrorThatOnlyAPipePassesOver() throws Exception {
    assertThat(walk("http://127.0.0.1:1/x|H/s200").status()).isEqualTo(Upstream.Status.FOUND);
    assertThat(walk("http://127.0.0.1:1/x,H/s200").status()).isEqualTo(Upstream.Status.FAILED);
  }

  @Test
  void directAndOffEndTheWalkAndNotFoundBeatsOtherErrors() throws Exception {
    assertThat(walk("H/s404,direct").status()).isEqualTo(Upstream.Status.DIRECT);
    assertThat(walk("H/s500|direct").status()).isEqualTo(Upstream.Status.DIRECT);
    assertThat(walk("H/s404,off").status()).isEqualTo(Upstream.Status.OFF);
    assertThat(walk("H/s500|H/s404").status()).isEqualTo(Upstream.Status.NOT_FOUND);
    // stopped by the 500 (so nothing after it, not even direct, is tried), reporting the 404
    Upstream.Response stopped = walk("H/s404|H/s500,direct");
    assertThat(stopped.status()).isEqualTo(Upstream.Status.FAILED);
    assertThat(stopped.message()).contains("404 not found");
  }

  @Test
  void privateModulePathsAreNeverAskedOfAnyProxy() throws Exception {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Upstream upstream =
        new Upstream(GoProxySettings.parseProxyList(base + "/s200"), Duration.ofSeconds(5))
            .withPrivate(PrefixPatterns.parse("corp.example/*"));
    dev.slipway.core.ModuleVersion secret =
        new dev.slipway.core.ModuleVersion("corp.example/payments", "v1.0.0");

    Upstream.Response r = upstream.mod(secret);

    assertThat(r.status()).isEqualTo(Upstream.Status.NOT_FOUND);
    assertThat(r.message()).contains("corp.example/payments matches GONOPROXY/GOPRIVATE");
    assertThat(upstream.info(secret).found()).isFalse();
    assertThat(upstream.list("corp.example/payments").found()).isFalse();
    assertThat(asked).isEmpty();
    assertThat(upstream.list("example.com/m").found()).isTrue();
    assertThat(asked).containsExactly("/s200");
  }
}
