package dev.slipway.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback token service for the distribution token protocol, for {@link
 * RegistryServer#startWithTokenAuth}: {@code GET /token?service=..&scope=repository:NAME:pull,push}
 * (scope may repeat) with HTTP basic credentials answers {@code {"token", "access_token",
 * "expires_in", "issued_at"}} holding an RS256 JWT that grants exactly the requested repository
 * actions to the configured user. A wrong user or password gets 401; no credentials at all get a
 * token that grants nothing (what Docker Hub does for anonymous pulls of private repositories).
 *
 * <p>Two switches make the registry reject a token the client already holds, without sleeping:
 * {@link #grantOnlyPull(int)} issues tokens that lack push, which the registry refuses with 401
 * insufficient_scope at the first write; {@link #acceptedFor(Duration)} sets {@code exp} so that,
 * after distribution's fixed 60 s clock-skew leeway, the registry stops accepting the token that
 * long after issue (test code then polls the registry until it does).
 */
public final class TokenServer implements AutoCloseable {
  public static final String SERVICE = "slipway-test";
  public static final String ISSUER = "slipway-test-issuer";

  /** distribution's {@code token.Leeway}, added to exp (and subtracted from nbf) when verifying. */
  public static final Duration REGISTRY_LEEWAY = Duration.ofSeconds(60);

  private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request to the token endpoint, as the server understood it. */
  public record TokenRequest(
      String service, List<String> scopes, Optional<String> user, int status, String token) {}

  private final HttpServer server;
  private final TokenSigner signer;
  private final String user;
  private final String password;
  private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger pullOnly = new AtomicInteger();
  private volatile Duration acceptedFor = DEFAULT_LIFETIME;

  private TokenServer(HttpServer server, TokenSigner signer, String user, String password) {
    this.server = server;
    this.signer = signer;
    this.user = user;
    this.password = password;
  }

  /** Starts on a free loopback port; key and certificate are written under {@code dir}. */
  public static TokenServer start(Path dir, String user, String password) {
    TokenSigner signer = TokenSigner.generate(dir);
    try {
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      TokenServer tokens = new TokenServer(http, signer, user, password);
      http.createContext("/token", tokens::handle);
      http.start();
      return tokens;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the token server", e);
    }
  }

  /** The realm URL the registry puts in its Bearer challenge. */
  public URI realm() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
  }

  /** The certificate the registry must trust ({@code auth.token.rootcertbundle}). */
  public Path rootCertBundle() {
    return signer.certificatePem();
  }

  /** Every request so far, in order. */
  public List<TokenRequest> requests() {
    return List.copyOf(requests);
  }

  /** Tokens issued so far (requests answered 200). */
  public List<String> issuedTokens() {
    return requests.stream().filter(r -> r.status() == 200).map(TokenRequest::token).toList();
  }

  /** The next {@code count} tokens grant at most pull, whatever was asked for. */
  public TokenServer grantOnlyPull(int count) {
    pullOnly.set(count);
    return this;
  }

  /**
   * Tokens issued from now on are accepted by the registry for about {@code lifetime} (to the
   * second, since exp is whole seconds) and then rejected with 401.
   */
  public TokenServer acceptedFor(Duration lifetime) {
    this.acceptedFor = lifetime;
    return this;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
      String service = query.getOrDefault("service", List.of("")).get(0);
      List<String> scopes = query.getOrDefault("scope", List.of());
      Optional<String> presented = basicUser(exchange);
      boolean anonymous = exchange.getRequestHeaders().getFirst("Authorization") == null;
      if (!"GET".equals(exchange.getRequestMethod())
          || (!anonymous && presented.isEmpty())
          || !SERVICE.equals(service)) {
        int status =
            "GET".equals(exchange.getRequestMethod()) && SERVICE.equals(service) ? 401 : 400;
        requests.add(new TokenRequest(service, scopes, presented, status, null));
        reply(exchange, status, Map.of("errors", List.of(Map.of("code", "UNAUTHORIZED"))));
        return;
      }
      boolean degrade = !anonymous && pullOnly.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
      Instant now = Instant.now();
      Duration lifetime = acceptedFor;
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("iss", ISSUER);
      claims.put("sub", presented.orElse(""));
      claims.put("aud", service);
      claims.put("exp", now.plus(lifetime).minus(REGISTRY_LEEWAY).getEpochSecond());
      claims.put("nbf", now.getEpochSecond());
      claims.put("iat", now.getEpochSecond());
      claims.put("jti", UUID.randomUUID().toString());
      claims.put("access", anonymous ? List.of() : access(scopes, degrade));
      String token = signer.sign(claims);
      requests.add(new TokenRequest(service, scopes, presented, 200, token));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("token", token);
      body.put("access_token", token);
      body.put("expires_in", Math.max(1, lifetime.toSeconds()));
      body.put("issued_at", now.toString());
      reply(exchange, 200, body);
    }
  }

  /** Requested repository actions merged per repository; pull only when degraded. */
  private static List<Map<String, Object>> access(List<String> scopes, boolean pullOnly) {
    Map<String, Set<String>> byName = new LinkedHashMap<>();
    for (String scope : scopes) {
      for (String one : scope.split(" ")) {
        int first = one.indexOf(':');
        int last = one.lastIndexOf(':');
        if (first < 0 || last <= first || !one.substring(0, first).equals("repository")) {
          continue;
        }
        Set<String> actions =
            byName.computeIfAbsent(one.substring(first + 1, last), k -> new LinkedHashSet<>());
        for (String action : one.substring(last + 1).split(",")) {
          if (!pullOnly || action.equals("pull")) {
            actions.add(action);
          }
        }
      }
    }
    List<Map<String, Object>> access = new ArrayList<>();
    byName.forEach(
        (name, actions) ->
            access.add(
                Map.of("type", "repository", "name", name, "actions", List.copyOf(actions))));
    return access;
  }

  /** The user name, if the Basic credentials match the configured user and password. */
  private Optional<String> basicUser(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return decoded.equals(user + ":" + password) ? Optional.of(user) : Optional.empty();
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
