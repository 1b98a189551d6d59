package dev.slipway.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A loopback HTTP/1.1 proxy in front of a real server that injects scripted faults. Each accepted
 * connection carries one request: the head is parsed, rewritten to {@code Connection: close} and
 * forwarded with the Host header unchanged (so the registry's Location headers point back at the
 * proxy); then bytes are piped both ways until the server closes. Bodies stream through unbuffered.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(registry.host())) {
 *   proxy.respond(2, "HEAD", "/blobs/", 503);           // next two blob HEADs get 503
 *   proxy.respond(1, "PUT", "/uploads/", 429, "Retry-After: 1");
 *   proxy.resetDuringBody(1, "PUT", "/uploads/", 1000); // cut after 1000 body bytes
 *   proxy.stall(9, "PUT", "/manifests/");                // accept, then never answer
 *   ... use proxy.host() as the registry ...
 * }
 * }</pre>
 *
 * Faults match on method and a regex found in the request target, in the order they were added;
 * each fires the given number of times. {@link #requests()} records every request line seen.
 *
 * <p>Without faults it is the harness's request counter ({@link RegistryServer} puts one in front
 * of every registry): each request is recorded before it is forwarded, and its status before the
 * response reaches the client, so once a client has its response the counts are exact; nothing can
 * trail, as a server's own access log can.
 */
public final class FaultProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String upstreamHost;
  private final int upstreamPort;
  private final ExecutorService pool = Executors.newCachedThreadPool(daemon());
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> fired = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.CountDownLatch closed =
      new java.util.concurrent.CountDownLatch(1);
  private final List<Seen> exchanges = new CopyOnWriteArrayList<>();

  /**
   * One request as the proxy saw it: method, target, and the status the client was sent (0 if the
   * connection was cut before a status).
   */
  public record Exchange(String method, String target, int status) {
    @Override
    public String toString() {
      return method + " " + target + " -> " + status;
    }
  }

  private static final class Seen {
    final String method;
    final String target;
    volatile int status;

    Seen(String method, String target) {
      this.method = method;
      this.target = target;
    }
  }

  private static final class Fault {
    final String method;
    final Pattern target;
    final int status;
    final List<String> headers;
    final long resetAfterBodyBytes;
    final boolean stall;
    final CountDownLatch held;
    final CountDownLatch release;
    int remaining;

    Fault(String method, String target, int times, int status, List<String> headers, long reset) {
      this(method, target, times, status, headers, reset, false);
    }

    Fault(String method, String target, CountDownLatch held, CountDownLatch release) {
      this.method = method;
      this.target = Pattern.compile(target);
      this.remaining = 1;
      this.status = 0;
      this.headers = List.of();
      this.resetAfterBodyBytes = -1;
      this.stall = false;
      this.held = held;
      this.release = release;
    }

    Fault(
        String method,
        String target,
        int times,
        int status,
        List<String> headers,
        long reset,
        boolean stall) {
      this.method = method;
      this.target = Pattern.compile(target);
      this.remaining = times;
      this.status = status;
      this.headers = headers;
      this.resetAfterBodyBytes = reset;
      this.stall = stall;
      this.held = null;
      this.release = null;
    }
  }

  private FaultProxy(ServerSocket server, String upstream) {
    this.server = server;
    int colon = upstream.lastIndexOf(':');
    this.upstreamHost = upstream.substring(0, colon);
    this.upstreamPort = Integer.parseInt(upstream.substring(colon + 1));
  }

  /** Starts a proxy to {@code upstream} ({@code host:port}) on a free loopback port. */
  public static FaultProxy start(String upstream) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      FaultProxy proxy = new FaultProxy(server, upstream);
      proxy.pool.execute(proxy::acceptLoop);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:PORT} of the proxy. */
  public String host() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** The next {@code times} matching requests get {@code status} (body drained, no upstream). */
  public FaultProxy respond(
      int times, String method, String targetRegex, int status, String... headerLines) {
    faults.add(new Fault(method, targetRegex, times, status, List.of(headerLines), -1));
    return this;
  }

  /**
   * The next {@code times} matching requests are forwarded, but after {@code afterBytes} bytes of
   * their body both connections are reset (TCP RST), as when a connection dies mid-upload.
   */
  public FaultProxy resetDuringBody(int times, String method, String targetRegex, long afterBytes) {
    faults.add(new Fault(method, targetRegex, times, 0, List.of(), afterBytes));
    return this;
  }

  /**
   * The next {@code times} matching requests are read but never answered: the connection stays open
   * and silent until the proxy closes, as with a registry process that was stopped (SIGSTOP).
   * {@code method} null matches any method.
   */
  public FaultProxy stall(int times, String method, String targetRegex) {
    faults.add(new Fault(method, targetRegex, times, 0, List.of(), -1, true));
    return this;
  }

  /**
   * The next matching request waits, unforwarded, until {@code release} counts down (a slow link
   * the test controls), then goes on as any other; {@code held} counts down once it waits.
   */
  public FaultProxy hold(
      String method, String targetRegex, CountDownLatch held, CountDownLatch release) {
    faults.add(new Fault(method, targetRegex, held, release));
    return this;
  }

  /**
   * A server that accepts every connection and answers nothing, whatever the protocol (an HTTP
   * request is read and left unanswered; anything else is never even complete enough to read).
   */
  public static FaultProxy silent() {
    return start("127.0.0.1:9").stall(Integer.MAX_VALUE, null, "");
  }

  /** Every request line seen ({@code METHOD target}), in arrival order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** Every request so far with the status its client got, in arrival order. */
  public List<Exchange> exchanges() {
    return exchanges.stream().map(e -> new Exchange(e.method, e.target, e.status)).toList();
  }

  /** The requests whose method is {@code method} and whose target starts with {@code prefix}. */
  public List<Exchange> exchanges(String method, String prefix) {
    return exchanges().stream()
        .filter(e -> e.method().equals(method) && e.target().startsWith(prefix))
        .toList();
  }

  /** How many requests {@link #exchanges(String, String)} lists. */
  public long count(String method, String prefix) {
    return exchanges(method, prefix).size();
  }

  /** Request lines that a fault was applied to. */
  public List<String> faultsFired() {
    return List.copyOf(fired);
  }

  @Override
  public void close() {
    closed.countDown();
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    pool.shutdownNow();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        pool.execute(() -> handle(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      in.mark(1);
      int first = in.read();
      in.reset();
      if (first < 'A' || first > 'Z') {
        // Not HTTP: a client trying TLS first (skopeo and go do, even with verification off).
        // Passed through untouched, so the server's own refusal comes back at once, as it would
        // without the proxy; left unanswered the client waits 20 s before it tries plain HTTP.
        try (Socket upstream = new Socket(upstreamHost, upstreamPort)) {
          OutputStream up = upstream.getOutputStream();
          pool.execute(() -> pipe(in, up, -1));
          upstream.getInputStream().transferTo(client.getOutputStream());
        }
        return;
      }
      List<String> head = readHead(in);
      if (head.isEmpty()) {
        return;
      }
      String[] line = head.get(0).split(" ", 3);
      requests.add(line[0] + " " + line[1]);
      Seen seen = new Seen(line[0], line[1]);
      exchanges.add(seen);
      long length = contentLength(head);
      Fault fault = take(line[0], line[1]);
      if (fault != null) {
        fired.add(line[0] + " " + line[1]);
      }
      if (fault != null && fault.release != null) {
        fault.held.countDown();
        fault.release.await();
        fault = null; // then forwarded like any other
      }
      if (fault != null && fault.stall) {
        closed.await(); // silent until the proxy closes; the client must give up by itself
        return;
      }
      if (fault != null && fault.resetAfterBodyBytes < 0) {
        in.skipNBytes(Math.max(length, 0));
        StringBuilder response = new StringBuilder("HTTP/1.1 " + fault.status + " Injected\r\n");
        fault.headers.forEach(h -> response.append(h).append("\r\n"));
        response.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
        seen.status = fault.status;
        client.getOutputStream().write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
        client.getOutputStream().flush();
        return;
      }
      try (Socket upstream = new Socket(upstreamHost, upstreamPort)) {
        OutputStream up = upstream.getOutputStream();
        up.write(rewrite(head).getBytes(StandardCharsets.ISO_8859_1));
        if (fault != null) {
          copy(in, up, Math.min(fault.resetAfterBodyBytes, Math.max(length, 0)));
          up.flush();
          reset(upstream);
          reset(client);
          return;
        }
        pool.execute(() -> pipe(in, up, length));
        InputStream down = upstream.getInputStream();
        OutputStream toClient = client.getOutputStream();
        int status;
        do { // interim 1xx answers are passed on; the final status is the one recorded
          byte[] statusLine = readLine(down);
          status = status(statusLine);
          if (status / 100 != 1) {
            seen.status = status; // before the client can see the response
          }
          toClient.write(statusLine);
          if (status / 100 == 1) {
            for (byte[] header = readLine(down); header.length > 2; header = readLine(down)) {
              toClient.write(header);
            }
            toClient.write(new byte[] {'\r', '\n'});
          }
        } while (status / 100 == 1);
        down.transferTo(toClient);
      }
    } catch (IOException e) {
      // a peer went away; the client sees that as a failed request, which is faithful
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing
    }
  }

  private synchronized Fault take(String method, String target) {
    for (Fault f : faults) {
      if (f.remaining > 0
          && (f.method == null || f.method.equals(method))
          && f.target.matcher(target).find()) {
        f.remaining--;
        return f;
      }
    }
    return null;
  }

  private static void pipe(InputStream in, OutputStream out, long length) {
    try {
      if (length >= 0) {
        copy(in, out, length);
      } else {
        in.transferTo(out);
      }
      out.flush();
    } catch (IOException e) {
      // the other direction notices the broken connection
    }
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buffer = new byte[8192];
    long left = n;
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        break;
      }
      out.write(buffer, 0, read);
      left -= read;
    }
  }

  private static void reset(Socket socket) throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  private static String rewrite(List<String> head) {
    StringBuilder out = new StringBuilder(head.get(0)).append("\r\n");
    for (String header : head.subList(1, head.size())) {
      if (!header.toLowerCase(Locale.ROOT).startsWith("connection:")) {
        out.append(header).append("\r\n");
      }
    }
    return out.append("Connection: close\r\n\r\n").toString();
  }

  private static long contentLength(List<String> head) {
    for (String header : head) {
      if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Long.parseLong(header.substring(header.indexOf(':') + 1).trim());
      }
    }
    return head.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:"))
        ? -1
        : 0;
  }

  /** One line with its line end, or what is left before the end of the stream. */
  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      line.write(b);
      if (b == '\n') {
        break;
      }
    }
    return line.toByteArray();
  }

  /** The status code of {@code HTTP/1.1 200 OK}; 0 for anything else. */
  private static int status(byte[] statusLine) {
    String[] parts = new String(statusLine, StandardCharsets.ISO_8859_1).split(" ", 3);
    try {
      return parts.length >= 2 && parts[0].startsWith("HTTP/")
          ? Integer.parseInt(parts[1].trim())
          : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1).replaceAll("\r$", "");
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
        line.reset();
      } else {
        line.write(b);
      }
    }
    return List.of();
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "fault-proxy");
      t.setDaemon(true);
      return t;
    };
  }
}
