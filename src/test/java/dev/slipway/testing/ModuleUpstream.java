package dev.slipway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A GOPROXY over HTTP serving a directory laid out as go's file:// proxies are ({@code
 * <path>/@v/<version>.zip} and so on), that records every request before answering it (so once a
 * client has its answer, the count is exact) and can send chosen files slowly.
 */
public final class ModuleUpstream implements AutoCloseable {
  private final Path root;
  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile Pattern slow;
  private volatile long bytesPerSecond;

  private ModuleUpstream(Path root) throws IOException {
    this.root = root;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(pool);
    server.createContext("/", this::serve);
    server.start();
  }

  public static ModuleUpstream start(Path root) throws IOException {
    return new ModuleUpstream(root);
  }

  /** The GOPROXY value. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Files whose path matches {@code regex} are sent at about {@code bytesPerSecond}. */
  public ModuleUpstream throttle(String regex, long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
    this.slow = Pattern.compile(regex);
    return this;
  }

  /** Every path asked for, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** The paths asked for that end with {@code suffix}, e.g. {@code ".zip"}. */
  public List<String> requests(String suffix) {
    return requests.stream().filter(p -> p.endsWith(suffix)).toList();
  }

  public void reset() {
    requests.clear();
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      String path = URI.create(ex.getRequestURI().getRawPath()).getPath();
      requests.add(path);
      Path file = root.resolve(path.substring(1)).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        byte[] body = ("not found: " + path).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.sendResponseHeaders(404, body.length);
        ex.getResponseBody().write(body);
        return;
      }
      ex.sendResponseHeaders(200, Files.size(file));
      Pattern throttled = slow;
      try (InputStream in = Files.newInputStream(file);
          OutputStream out = ex.getResponseBody()) {
        if (throttled == null || !throttled.matcher(path).find()) {
          in.transferTo(out);
          return;
        }
        byte[] chunk = new byte[(int) Math.max(1, bytesPerSecond / 10)];
        long start = System.nanoTime();
        long sent = 0;
        for (int n; (n = in.read(chunk)) > 0; ) {
          out.write(chunk, 0, n);
          sent += n;
          long due = start + sent * 1_000_000_000L / bytesPerSecond;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
