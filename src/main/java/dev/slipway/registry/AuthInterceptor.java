package dev.slipway.registry;

import dev.slipway.core.RegistryException;
import dev.slipway.registry.http.AbortedException;
import dev.slipway.registry.http.Headers;
import dev.slipway.registry.http.Interceptor;
import dev.slipway.registry.http.Request;
import dev.slipway.registry.http.Response;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registry auth: anonymous first; on a 401 it reads the challenge, then retries once with Basic
 * credentials or a Bearer token for the request's scopes. Challenges are remembered per host and
 * tokens per scope set, so later requests authenticate up front. A 401 with a cached token (expired
 * mid-push) fetches a fresh one. A 401 that survives all that is returned to the caller.
 */
final class AuthInterceptor implements Interceptor {
  private final CredentialSource credentials;
  private final TokenService tokens;
  private final HostPolicy hostPolicy;
  private final Map<String, Challenge> challenges = new ConcurrentHashMap<>();
  private final Map<String, String> tokenCache = new ConcurrentHashMap<>();
  private final Map<String, Optional<Credential>> credentialCache = new ConcurrentHashMap<>();

  AuthInterceptor(CredentialSource credentials, TokenService tokens, HostPolicy hostPolicy) {
    this.credentials = credentials;
    this.tokens = tokens;
    this.hostPolicy = hostPolicy;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String host = authority(request.uri());
    Challenge known = challenges.get(host);
    Request first = known == null ? request : authorize(request, host, known, false, false);
    if (first == null) {
      return unauthorized(request);
    }
    Response response = chain.proceed(first);
    if (response.status() != 401) {
      return response;
    }
    Optional<Challenge> challenge = Challenge.select(response.headers().all("WWW-Authenticate"));
    if (challenge.isEmpty()) {
      return response;
    }
    challenges.put(host, challenge.get());
    boolean sentBasic =
        first.headers().first("Authorization").filter(v -> v.startsWith("Basic ")).isPresent();
    if (challenge.get().isBasic() && (sentBasic || credential(host, request.uri()).isEmpty())) {
      return response;
    }
    response.discard();
    Request retry = authorize(request, host, challenge.get(), true, true);
    return retry == null ? unauthorized(request) : chain.proceed(retry);
  }

  /** The request with an Authorization header, or null when the token service refused us. */
  private Request authorize(
      Request request, String host, Challenge challenge, boolean refresh, boolean answered)
      throws IOException {
    Optional<Credential> credential = credential(host, request.uri());
    if (challenge.isBasic()) {
      return credential
          .filter(c -> !c.isIdentityToken())
          .map(c -> request.withHeader("Authorization", c.basicAuthorization()))
          .orElse(request);
    }
    if (!challenge.isBearer()) {
      return request;
    }
    TreeSet<String> scopes = new TreeSet<>(request.scopes());
    // A remembered challenge's scope belongs to whatever request got it (often another
    // repository); only a challenge that answered this request, or a request that names no scope
    // of its own, should widen the token.
    if (answered || scopes.isEmpty()) {
      challenge.param("scope").ifPresent(s -> scopes.addAll(Arrays.asList(s.split(" "))));
    }
    String key = host + " " + String.join(" ", scopes);
    String token = refresh ? null : tokenCache.get(key);
    if (token == null) {
      Optional<String> fetched = tokens.fetch(challenge, scopes.stream().toList(), credential);
      if (fetched.isEmpty()) {
        return null;
      }
      token = fetched.get();
      tokenCache.put(key, token);
    }
    return request.withHeader("Authorization", "Bearer " + token);
  }

  private Optional<Credential> credential(String host, URI uri) throws IOException {
    if (!hostPolicy.mayReceiveCredentials(uri)) {
      return Optional.empty();
    }
    Optional<Credential> cached = credentialCache.get(host);
    if (cached != null) {
      return cached;
    }
    try {
      Optional<Credential> found = credentials.lookup(host);
      credentialCache.put(host, found);
      return found;
    } catch (RegistryException e) {
      throw new AbortedException(e);
    }
  }

  private static Response unauthorized(Request request) {
    return new Response(request, 401, Headers.empty(), null);
  }

  private static String authority(URI uri) {
    return uri.getPort() >= 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
  }
}
