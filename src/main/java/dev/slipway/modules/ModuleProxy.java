package dev.slipway.modules;

import static dev.slipway.modules.ProxyResponses.text;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.core.BuildFailedException;
import dev.slipway.core.DaemonThreads;
import dev.slipway.core.ModuleVersion;
import dev.slipway.core.Progress;
import dev.slipway.core.SlipwayException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A GOPROXY on loopback for the go subprocess, serving from memory, then the local store, then the
 * user's upstream list. A .mod or .zip that go.sum lists is verified and admitted before it is
 * served; a mismatch answers 403 with a message naming module@version and both hashes (the go
 * command prints it), and is recorded for {@link #checkNoFailures()}.
 *
 * <p>Modules go.sum does not list are relayed unverified and not stored (the go command checks them
 * against the checksum database itself), unless {@link Options#trustUnlisted()} is set, as for a
 * shared team proxy. Modules matching GONOPROXY/GOPRIVATE are never served (404).
 */
public final class ModuleProxy implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final GoProxySettings settings;
  private final Options options;
  private final ModuleFiles files;
  private final SumdbRelay sumdb;

  /** Seconds a client has to send a whole request, head and body, before it is cut off. */
  static final int REQUEST_SECONDS = 10;

  /** Seconds a keep-alive connection may sit idle between requests before it is closed. */
  static final int IDLE_SECONDS = 30;

  static {
    // The JDK's HttpServer is configured by system properties, read once when its classes load,
    // that is when the first server of the process is created: set here, before ours is. A value
    // the user set is kept.
    //
    // Nagle's algorithm is on unless told otherwise; on a reused connection each response then
    // waits for a delayed ACK (~40 ms), which made restoring 60 modules 5x slower than a plain
    // upstream.
    defaultProperty("sun.net.httpserver.nodelay", "true");
    // The server reads a request's head and body on a pool thread, with no time limit by default,
    // so 16 clients that sent half a request held the 16 threads for good. With this limit a timer
    // closes such a connection, which frees its thread. It also closes connections that never
    // send a byte (those wait on the server's selector, not on a thread). Responses have no such
    // limit: a zip may come slowly from upstream.
    defaultProperty("sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_SECONDS));
    // Idle keep-alive connections wait on the selector too, never on a thread; this closes them.
    defaultProperty("sun.net.httpserver.idleInterval", String.valueOf(IDLE_SECONDS));
  }

  private static void defaultProperty(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }

  /**
   * How the proxy runs.
   *
   * @param offline never contact upstream; every miss is recorded in {@link #missing()}
   * @param trustUnlisted admit modules go.sum does not list (a shared proxy has no go.sum)
   * @param listen where to listen; loopback port 0 for a build
   * @param threads the bound on requests handled at once (more wait in a queue); a client that
   *     stops halfway through its request holds one for at most {@link #REQUEST_SECONDS}
   * @param progress told of each module zip fetched from upstream, in bytes
   */
  public record Options(
      boolean offline,
      boolean trustUnlisted,
      InetSocketAddress listen,
      Duration upstreamTimeout,
      int threads,
      Progress progress,
      boolean privateModules) {
    public Options(
        boolean offline,
        boolean trustUnlisted,
        InetSocketAddress listen,
        Duration upstreamTimeout,
        int threads,
        Progress progress) {
      this(offline, trustUnlisted, listen, upstreamTimeout, threads, progress, false);
    }

    public static Options loopback() {
      return new Options(
          false,
          false,
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
          Duration.ofSeconds(30),
          16,
          Progress.NONE);
    }

    /**
     * Serve GONOPROXY/GOPRIVATE modules from the store and the remote caches (never from a proxy);
     * see {@link PrivateModules}.
     */
    public Options withPrivateModules(boolean value) {
      return new Options(offline, trustUnlisted, listen, upstreamTimeout, threads, progress, value);
    }

    public Options withOffline(boolean value) {
      return new Options(value, trustUnlisted, listen, upstreamTimeout, threads, progress);
    }

    public Options withTrustUnlisted(boolean value) {
      return new Options(offline, value, listen, upstreamTimeout, threads, progress);
    }

    public Options withListen(InetSocketAddress value) {
      return new Options(offline, trustUnlisted, value, upstreamTimeout, threads, progress);
    }

    public Options withUpstreamTimeout(Duration value) {
      return new Options(offline, trustUnlisted, listen, value, threads, progress);
    }

    public Options withProgress(Progress value) {
      return new Options(offline, trustUnlisted, listen, upstreamTimeout, threads, value);
    }

    public Options withThreads(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("threads must be at least 1, not " + value);
      }
      return new Options(offline, trustUnlisted, listen, upstreamTimeout, value, progress);
    }
  }

  private final ModuleFetcher fetcher;

  private ModuleProxy(
      ModuleStore store,
      GoProxySettings settings,
      Expected expected,
      Options options,
      RemoteModules remotes)
      throws IOException {
    this.settings = settings;
    this.options = options;
    Upstream upstream =
        options.offline()
            ? null
            : new Upstream(settings.proxies(), options.upstreamTimeout(), options.progress())
                .withPrivate(settings.noProxy());
    this.fetcher =
        new ModuleFetcher(
            store, upstream, expected, options.trustUnlisted(), remotes, new ModuleStats());
    this.files = new ModuleFiles(store, upstream, fetcher, options);
    this.sumdb = new SumdbRelay(upstream, options.offline());
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            options.threads(),
            options.threads(),
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            DaemonThreads.named("module-proxy"));
    pool.allowCoreThreadTimeOut(true); // a quiet team proxy keeps no idle threads
    this.executor = pool;
    this.server = HttpServer.create(options.listen(), 128);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a proxy; close it to stop. */
  public static ModuleProxy start(
      ModuleStore store, GoProxySettings settings, Expected expected, Options options)
      throws IOException {
    return new ModuleProxy(store, settings, expected, options, RemoteModules.none());
  }

  /**
   * A proxy that looks in {@code remotes} after the store and before upstream, and uploads what it
   * fetches to them. Remotes are read only for files go.sum vouches for.
   */
  public static ModuleProxy start(
      ModuleStore store,
      GoProxySettings settings,
      Expected expected,
      Options options,
      RemoteModules remotes)
      throws IOException {
    return new ModuleProxy(store, settings, expected, options, remotes);
  }

  /**
   * A warmer that shares this proxy's fetches, so a file the warm is fetching when the go command
   * asks for it is downloaded once, and counted in {@link #stats()}.
   */
  public ModuleWarmer warmer(int parallelism) {
    return new ModuleWarmer(fetcher, settings, parallelism, options.privateModules());
  }

  /** {@code http://127.0.0.1:PORT}, with no trailing slash. */
  public URI uri() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
  }

  /** The GOPROXY value for the go subprocess (see {@link GoProxySettings}). */
  public String goProxyValue() {
    return settings.goProxyFor(uri(), options.offline(), options.privateModules());
  }

  /** Every module refused so far (checksum mismatches, hostile zips). */
  public List<ModuleRejectedException> failures() {
    return new ArrayList<>(files.failures());
  }

  /** Modules asked for but absent from the store, in offline mode. */
  public SortedSet<ModuleVersion> missing() {
    return new ConcurrentSkipListSet<>(files.missing());
  }

  public ModuleStats stats() {
    return files.stats();
  }

  /**
   * Holds go's request for a zip while {@code cache}, go's own module cache, is being given that
   * module by a warm ({@link ModuleWarmer#warmFiles(java.util.Collection, ModuleWarmer.Progress,
   * GoModCache)}), so go never extracts over a tree about to appear.
   */
  public void gateZipsOn(GoModCache cache) {
    files.gateZipsOn(cache);
  }

  /**
   * Throws the first refusal, or one error listing every module that offline mode lacked; call it
   * after the go command fails, so the user sees Slipway's reason, not only go's.
   */
  public void checkNoFailures() throws SlipwayException {
    ModuleRejectedException first = files.failures().peek();
    SortedSet<ModuleVersion> missing = files.missing();
    if (first != null) {
      throw first;
    }
    if (!missing.isEmpty()) {
      StringBuilder sb =
          new StringBuilder(
              "offline: " + missing.size() + " module(s) are not in the Slipway store:");
      missing.forEach(mv -> sb.append("\n\t").append(mv));
      sb.append("\nRun `slipway modules warm` with network access, then build again.");
      throw new BuildFailedException(sb.toString());
    }
  }

  private void handle(HttpExchange ex) {
    try {
      if (!ex.getRequestMethod().equals("GET")) {
        text(ex, 405, "only GET is supported");
        return;
      }
      String path = ex.getRequestURI().getPath(); // decoded: go sends "!" as %21
      if (path.startsWith("/sumdb/")) {
        sumdb.serve(ex, path.substring("/sumdb/".length()));
        return;
      }
      route(ex, path);
    } catch (IOException | RuntimeException e) {
      failed(ex, e);
    } finally {
      ex.close();
    }
  }

  /**
   * Answers 500 with the reason when nothing was sent yet, so the client gets an answer rather than
   * a closed connection; once a status is out, the exchange can only be cut short.
   */
  private static void failed(HttpExchange ex, Exception e) {
    if (ex.getResponseCode() != -1) {
      return;
    }
    try {
      text(ex, 500, "slipway proxy: " + e);
    } catch (IOException | RuntimeException ignored) {
      // the client is gone
    }
  }

  private void route(HttpExchange ex, String path) throws IOException {
    int v = path.indexOf("/@v/");
    boolean latest = path.endsWith("/@latest");
    if (v <= 0 && !latest) {
      text(ex, 404, "not a module proxy path: " + path);
      return;
    }
    String modulePath;
    try {
      modulePath = ModuleVersion.unescape(path.substring(1, latest ? path.length() - 8 : v));
      ModuleVersion.checkPath(modulePath); // before it reaches an upstream URL or the store
    } catch (IllegalArgumentException e) {
      text(ex, 400, "bad request: " + e.getMessage());
      return;
    }
    if (settings.bypassesProxy(modulePath) && !options.privateModules()) {
      text(ex, 404, modulePath + " matches GONOPROXY/GOPRIVATE: not served by the Slipway proxy");
      return;
    }
    if (latest) {
      files.latest(ex, modulePath);
      return;
    }
    String file = path.substring(v + 4);
    if (file.equals("list")) {
      files.list(ex, modulePath);
      return;
    }
    int dot = file.lastIndexOf('.');
    ModuleVersion mv;
    try {
      mv =
          new ModuleVersion(
              modulePath, ModuleVersion.unescape(file.substring(0, Math.max(dot, 0))));
    } catch (IllegalArgumentException e) {
      // 404, not 400: the go command asks for queries such as a branch name, which it then
      // resolves elsewhere when every proxy says "not found"
      text(ex, 404, "not found: " + e.getMessage());
      return;
    }
    switch (file.substring(dot + 1)) {
      case "info" -> files.info(ex, mv);
      case "mod" -> files.mod(ex, mv, System.nanoTime());
      case "zip" -> files.zip(ex, mv, System.nanoTime());
      default -> text(ex, 404, "unknown module file " + file);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
