package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.Main;
import dev.slipway.modules.Fixtures;
import dev.slipway.testing.TestEnvironment;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway proxy serve} as a team runs it: a separate process that go downloads from. */
@Tag("integration")
class ProxyServeEndToEndTest {
  @TempDir Path dir;

  /** A running {@code slipway proxy serve} process and the address it printed. */
  private record Served(Process process, String uri) {}

  private Served serve(Path app, Path upstream) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target", "slipway.jar").toAbsolutePath().toString(),
                "proxy",
                "serve",
                "--listen",
                "127.0.0.1:0",
                "-C",
                app.toString())
            .redirectError(dir.resolve("serve.err").toFile());
    pb.environment().clear();
    pb.environment().putAll(TestEnvironment.of(dir.resolve("server-env")));
    pb.environment().put("SLIPWAY_CACHE_DIR", dir.resolve("store").toString());
    pb.environment().put("GOPROXY", upstream.toUri().toString());
    Process server = pb.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("the server's first line").isNotNull();
    Matcher m = Pattern.compile("serving modules at (http://127\\.0\\.0\\.1:\\d+)").matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return new Served(server, m.group(1));
  }

  @Test
  void goDownloadsEveryModuleThroughAServedStoreAndTheServerStopsOnSigterm() throws Exception {
    Fixtures.TidyApp fixture = Fixtures.tidyApp(dir);
    Path app = fixture.app();
    Served served = serve(app, fixture.upstream());
    try {
      Fixtures.GoResult download =
          Fixtures.go(
              app,
              Map.of("GOPROXY", served.uri(), "GOMODCACHE", dir.resolve("fresh").toString()),
              "mod",
              "download",
              "all");
      assertThat(download.exit()).as(download.output()).isZero();
      assertThat(dir.resolve("fresh/cache/download/example.com/!upper/words/@v/v1.2.0.zip"))
          .exists();
    } finally {
      served.process().destroy();
    }
    assertThat(served.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
  }

  /**
   * Idle connections, never used or kept alive after an answer, hold no thread: more of them than
   * the server has threads leave a real client served at once. Clients that stop halfway through
   * their request do hold one, but only until the request timeout (10 s) cuts them off, so more of
   * them than threads only delay a real client; before, 16 of them blocked the server for good.
   */
  @Test
  void slowAndIdleClientsDoNotStarveTheRest() throws Exception {
    Fixtures.TidyApp fixture = Fixtures.tidyApp(dir);
    Path app = fixture.app();
    Served served = serve(app, fixture.upstream());
    URI base = URI.create(served.uri());
    List<Socket> slow = new ArrayList<>();
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 80; i++) {
        idle.add(connect(base)); // sends nothing
        Socket keptAlive = connect(base);
        get(keptAlive, "/example.com/util/@v/list");
        idle.add(keptAlive); // one answered request, then idle
      }
      assertThat(secondsToList(base)).as("seconds to answer, next to idle clients").isLessThan(5);

      for (int i = 0; i < 100; i++) {
        Socket s = connect(base);
        s.getOutputStream()
            .write(
                "GET /example.com/greet/@v/list HTTP/1.1\r\nHost: x\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        slow.add(s);
      }
      assertThat(secondsToList(base))
          .as("seconds to answer, next to stalled clients")
          .isLessThan(25);
      for (Socket s : slow) {
        s.setSoTimeout(20_000);
        assertThat(readToEnd(s.getInputStream()))
            .as("a half-sent request is closed without an answer")
            .isEmpty();
      }

      Fixtures.GoResult download =
          Fixtures.go(
              app,
              Map.of("GOPROXY", served.uri(), "GOMODCACHE", dir.resolve("fresh").toString()),
              "mod",
              "download",
              "all");
      assertThat(download.exit()).as(download.output()).isZero();
    } finally {
      for (Socket s : slow) {
        s.close();
      }
      for (Socket s : idle) {
        s.close();
      }
      served.process().destroy();
      served.process().waitFor(20, TimeUnit.SECONDS);
    }
  }

  /** One real request for greet's version list; the seconds until it was answered. */
  private static long secondsToList(URI base) throws IOException {
    long start = System.nanoTime();
    HttpURLConnection c =
        (HttpURLConnection) base.resolve("/example.com/greet/@v/list").toURL().openConnection();
    c.setConnectTimeout(5_000);
    c.setReadTimeout(30_000);
    assertThat(c.getResponseCode()).isEqualTo(200);
    assertThat(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("v1.0.0\n");
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
  }

  @Test
  void aPortAlreadyInUseExitsTwoNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String address = "127.0.0.1:" + taken.getLocalPort();
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put("SLIPWAY_CACHE_DIR", dir.resolve("store").toString());
      env.put("GOPROXY", "off");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          Main.run(
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              env,
              "proxy",
              "serve",
              "--listen",
              address);
      String stderr = err.toString(StandardCharsets.UTF_8);
      assertThat(code).as(stderr).isEqualTo(2);
      assertThat(stderr).contains(address).contains("in use");
    }
  }

  private static Socket connect(URI base) throws IOException {
    return new Socket(base.getHost(), base.getPort());
  }

  /** One keep-alive GET on an open socket; reads exactly the answer's body. */
  private static void get(Socket s, String path) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    s.setSoTimeout(10_000);
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the answer's head").isNotNegative();
      head.append((char) b);
    }
    Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
    assertThat(length.find()).as(head.toString()).isTrue();
    assertThat(in.readNBytes(Integer.parseInt(length.group(1)))).isNotEmpty();
  }

  private static byte[] readToEnd(InputStream in) throws IOException {
    try {
      return in.readAllBytes();
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept a half-sent request open", e);
    } catch (IOException e) {
      return new byte[0]; // reset by the server: closed too
    }
  }
}
