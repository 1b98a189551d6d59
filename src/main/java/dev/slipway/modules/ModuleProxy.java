package dev.slipway.modules;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.core.BuildFailedException;
import dev.slipway.core.Digest;
import dev.slipway.core.ModuleVersion;
import dev.slipway.core.SlipwayException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
  private final ModuleStore store;
  private final GoProxySettings settings;
  private final Options options;
  private final Upstream upstream;
  private final ModuleFetcher fetcher;
  private final ConcurrentHashMap<ModuleVersion, byte[]> mods = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ModuleVersion, byte[]> infos = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Optional<String>> sumdbProxies =
      new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<ModuleRejectedException> failures =
      new ConcurrentLinkedQueue<>();
  private final SortedSet<ModuleVersion> missing = new ConcurrentSkipListSet<>();
  private final ModuleStats stats = new ModuleStats();

  /**
   * How the proxy runs.
   *
   * @param offline never contact upstream; every miss is recorded in {@link #missing()}
   * @param trustUnlisted admit modules go.sum does not list (a shared proxy has no go.sum)
   * @param listen where to listen; loopback port 0 for a build
   * @param threads the bound on concurrent requests
   */
  public record Options(
      boolean offline,
      boolean trustUnlisted,
      InetSocketAddress listen,
      Duration upstreamTimeout,
      int threads) {
    public static Options loopback() {
      return new Options(
          false,
          false,
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
          Duration.ofSeconds(30),
          16);
    }

    public Options withOffline(boolean value) {
      return new Options(value, trustUnlisted, listen, upstreamTimeout, threads);
    }

    public Options withTrustUnlisted(boolean value) {
      return new Options(offline, value, listen, upstreamTimeout, threads);
    }

    public Options withListen(InetSocketAddress value) {
      return new Options(offline, trustUnlisted, value, upstreamTimeout, threads);
    }

    public Options withUpstreamTimeout(Duration value) {
      return new Options(offline, trustUnlisted, listen, value, threads);
    }
  }

  private ModuleProxy(
      ModuleStore store, GoProxySettings settings, Expected expected, Options options)
      throws IOException {
    this.store = store;
    this.settings = settings;
    this.options = options;
    this.upstream =
        options.offline() ? null : new Upstream(settings.proxies(), options.upstreamTimeout());
    this.fetcher = new ModuleFetcher(store, upstream, expected, options.trustUnlisted());
    this.executor =
        new ThreadPoolExecutor(
            options.threads(),
            options.threads(),
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "module-proxy");
              t.setDaemon(true);
              return t;
            });
    this.server = HttpServer.create(options.listen(), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a proxy; close it to stop. */
  public static ModuleProxy start(
      ModuleStore store, GoProxySettings settings, Expected expected, Options options)
      throws IOException {
    return new ModuleProxy(store, settings, expected, options);
  }

  /** {@code http://127.0.0.1:PORT}, with no trailing slash. */
  public URI uri() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
  }

  /** The GOPROXY value for the go subprocess (see {@link GoProxySettings}). */
  public String goProxyValue() {
    return settings.goProxyFor(uri(), options.offline());
  }

  /** Every module refused so far (checksum mismatches, hostile zips). */
  public List<ModuleRejectedException> failures() {
    return new ArrayList<>(failures);
  }

  /** Modules asked for but absent from the store, in offline mode. */
  public SortedSet<ModuleVersion> missing() {
    return new ConcurrentSkipListSet<>(missing);
  }

  public ModuleStats stats() {
    return stats;
  }

  /**
   * Throws the first refusal, or one error listing every module that offline mode lacked; call it
   * after the go command fails, so the user sees Slipway's reason, not only go's.
   */
  public void checkNoFailures() throws SlipwayException {
    ModuleRejectedException first = failures.peek();
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

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET")) {
        text(ex, 405, "only GET is supported");
        return;
      }
      String path = ex.getRequestURI().getPath(); // go sends "!" as %21
      if (path.startsWith("/sumdb/")) {
        sumdb(ex, path.substring("/sumdb/".length()));
        return;
      }
      route(ex, path);
    } catch (RuntimeException e) {
      text(ex, 500, "slipway proxy: " + e);
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
    } catch (IllegalArgumentException e) {
      text(ex, 404, e.getMessage());
      return;
    }
    if (settings.bypassesProxy(modulePath)) {
      text(ex, 404, modulePath + " matches GONOPROXY/GOPRIVATE: not served by the Slipway proxy");
      return;
    }
    if (latest) {
      relay(ex, options.offline() ? null : upstream.latest(modulePath));
      return;
    }
    String file = path.substring(v + 4);
    if (file.equals("list")) {
      relay(ex, options.offline() ? null : upstream.list(modulePath));
      return;
    }
    int dot = file.lastIndexOf('.');
    ModuleVersion mv;
    try {
      mv =
          new ModuleVersion(
              modulePath, ModuleVersion.unescape(file.substring(0, Math.max(dot, 0))));
    } catch (IllegalArgumentException e) {
      text(ex, 404, e.getMessage());
      return;
    }
    switch (file.substring(dot + 1)) {
      case "info" -> info(ex, mv);
      case "mod" -> mod(ex, mv, System.nanoTime());
      case "zip" -> zip(ex, mv, System.nanoTime());
      default -> text(ex, 404, "unknown module file " + file);
    }
  }

  private void info(HttpExchange ex, ModuleVersion mv) throws IOException {
    byte[] cached = infos.get(mv);
    if (cached == null) {
      cached = store.get(mv).flatMap(StoredModule::info).flatMap(store::read).orElse(null);
    }
    if (cached == null && !options.offline()) {
      Upstream.Response r = upstream.info(mv);
      if (!r.found()) {
        relay(ex, r);
        return;
      }
      cached = r.body();
    }
    if (cached == null && store.get(mv).isPresent()) {
      cached = ("{\"Version\":\"" + mv.version() + "\"}\n").getBytes(StandardCharsets.UTF_8);
    }
    if (cached == null) {
      miss(ex, mv);
      return;
    }
    infos.put(mv, cached);
    send(ex, 200, "application/json", cached);
  }

  private void mod(HttpExchange ex, ModuleVersion mv, long start) throws IOException {
    byte[] cached = mods.get(mv);
    if (cached != null) {
      send(ex, 200, "text/plain; charset=utf-8", cached);
      record(mv, "mod", Tier.MEMORY, cached.length, start);
      return;
    }
    if (!listed(mv, false) && store.get(mv).isEmpty()) {
      passThrough(ex, mv, "mod", start);
      return;
    }
    try {
      ModuleFetcher.Fetched f = fetcher.ensure(mv, false, infos.get(mv));
      Optional<byte[]> body = store.read(f.module().mod());
      if (body.isEmpty()) {
        text(ex, 500, mv + ": the stored go.mod is damaged; run `slipway modules verify`");
        return;
      }
      mods.put(mv, body.get());
      send(ex, 200, "text/plain; charset=utf-8", body.get());
      record(mv, "mod", f.tier(), body.get().length, start);
    } catch (ModuleRejectedException e) {
      refuse(ex, e);
    } catch (ModuleFetcher.Unavailable e) {
      unavailable(ex, mv, e);
    }
  }

  private void zip(HttpExchange ex, ModuleVersion mv, long start) throws IOException {
    Optional<StoredModule> local = store.get(mv).filter(StoredModule::hasZip);
    if (local.isEmpty() && !listed(mv, true)) {
      passThrough(ex, mv, "zip", start);
      return;
    }
    try {
      ModuleFetcher.Fetched f = fetcher.ensure(mv, true, infos.get(mv));
      Digest d = f.module().zip().orElseThrow();
      long bytes = sendVerified(ex, store.blob(d), d);
      record(mv, "zip", f.tier(), bytes, start);
    } catch (ModuleRejectedException e) {
      refuse(ex, e);
    } catch (ModuleFetcher.Unavailable e) {
      unavailable(ex, mv, e);
    }
  }

  /** Whether go.sum vouches for this file (or the proxy trusts everything). */
  private boolean listed(ModuleVersion mv, boolean zip) {
    Expected e = fetcher.expected();
    return options.trustUnlisted() || (zip ? e.zipHash(mv) : e.modHash(mv)).isPresent();
  }

  /** An unlisted module: relayed, not stored; the go command checks it against the sumdb. */
  private void passThrough(HttpExchange ex, ModuleVersion mv, String kind, long start)
      throws IOException {
    if (options.offline()) {
      miss(ex, mv);
      return;
    }
    if (kind.equals("mod")) {
      Upstream.Response r = upstream.mod(mv);
      relay(ex, r);
      if (r.found()) {
        record(mv, kind, Tier.UPSTREAM, r.body().length, start);
      }
      return;
    }
    Path temp = fetcher.tempFile();
    try {
      Upstream.Response r = upstream.zip(mv, temp);
      if (!r.found()) {
        relay(ex, r);
        return;
      }
      ModuleZip.check(temp, mv);
      long size = Files.size(temp);
      ex.getResponseHeaders().set("Content-Type", "application/zip");
      ex.sendResponseHeaders(200, size);
      try (OutputStream out = ex.getResponseBody()) {
        Files.copy(temp, out);
      }
      record(mv, kind, Tier.UPSTREAM, size, start);
    } catch (ModuleRejectedException e) {
      refuse(ex, e);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private void sumdb(HttpExchange ex, String rest) throws IOException {
    int slash = rest.indexOf('/');
    if (options.offline() || slash <= 0 || rest.contains("..")) {
      text(ex, 404, "checksum database not served");
      return;
    }
    String name = rest.substring(0, slash);
    Optional<String> proxy = sumdbProxies.computeIfAbsent(name, upstream::sumdbProxy);
    if (proxy.isEmpty()) {
      text(ex, 404, "no upstream proxy serves checksum database " + name);
      return;
    }
    if (rest.substring(slash + 1).equals("supported")) {
      send(ex, 200, "text/plain", new byte[0]);
      return;
    }
    relay(ex, upstream.fetchFrom(proxy.get(), "sumdb/" + rest));
  }

  private void relay(HttpExchange ex, Upstream.Response r) throws IOException {
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

  private void refuse(HttpExchange ex, ModuleRejectedException e) throws IOException {
    failures.add(e);
    text(ex, 403, e.getMessage());
  }

  private void unavailable(HttpExchange ex, ModuleVersion mv, ModuleFetcher.Unavailable e)
      throws IOException {
    if (options.offline()) {
      miss(ex, mv);
      return;
    }
    stats.missed(mv);
    text(ex, e.status() == Upstream.Status.FAILED ? 502 : 404, e.getMessage());
  }

  private void miss(HttpExchange ex, ModuleVersion mv) throws IOException {
    missing.add(mv);
    stats.missed(mv);
    text(ex, 404, mv + " is not in the Slipway store (offline)");
  }

  private void record(ModuleVersion mv, String file, Tier tier, long bytes, long start) {
    stats.served(new ModuleStats.Served(mv, file, tier, bytes, System.nanoTime() - start));
  }

  /**
   * Streams a blob, holding back the last buffer until the whole file matched its digest; a damaged
   * blob aborts the response (the client sees a short body) and is removed.
   */
  private long sendVerified(HttpExchange ex, Path file, Digest digest) throws IOException {
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

  private static void text(HttpExchange ex, int code, String message) throws IOException {
    send(ex, code, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
