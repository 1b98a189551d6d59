package dev.slipway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.core.RegistryException;
import dev.slipway.registry.http.AbortedException;
import dev.slipway.registry.http.Body;
import dev.slipway.registry.http.Locations;
import dev.slipway.registry.http.Request;
import dev.slipway.registry.http.Response;
import dev.slipway.registry.http.Transport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Fetches bearer tokens from a challenge's realm (the docker token protocol): GET with basic
 * credentials, or the OAuth2 refresh-token POST for identity tokens. Empty means the token service
 * refused the credentials.
 */
final class TokenService {
  private static final int MAX_TOKEN_RESPONSE = 1 << 20;

  private final Transport transport;
  private final HostPolicy hostPolicy;

  TokenService(Transport transport, HostPolicy hostPolicy) {
    this.transport = transport;
    this.hostPolicy = hostPolicy;
  }

  Optional<String> fetch(Challenge challenge, List<String> scopes, Optional<Credential> credential)
      throws IOException {
    String realm =
        challenge
            .param("realm")
            .orElseThrow(() -> abort("the registry's Bearer challenge names no realm"));
    URI realmUri = URI.create(realm);
    if (!hostPolicy.mayReceiveCredentials(realmUri)) {
      credential = Optional.empty();
    }
    String service = challenge.param("service").orElse(null);
    Request request;
    if (credential.isPresent() && credential.get().isIdentityToken()) {
      StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=slipway");
      form.append("&refresh_token=").append(encode(credential.get().secret()));
      if (service != null) {
        form.append("&service=").append(encode(service));
      }
      form.append("&scope=").append(encode(String.join(" ", scopes)));
      byte[] body = form.toString().getBytes(StandardCharsets.UTF_8);
      request =
          Request.of("POST", realmUri)
              .withBody(Body.ofBytes(body, "application/x-www-form-urlencoded"));
    } else {
      URI uri = realmUri;
      if (service != null) {
        uri = Locations.withQueryParam(uri, "service", service);
      }
      for (String scope : scopes) {
        uri = Locations.withQueryParam(uri, "scope", scope);
      }
      request = Request.of("GET", uri);
      if (credential.isPresent()) {
        request = request.withHeader("Authorization", credential.get().basicAuthorization());
      }
    }
    try (Response response = transport.execute(request)) {
      if (response.status() == 401 || response.status() == 403) {
        return Optional.empty();
      }
      if (!response.isSuccessful()) {
        throw abort(
            "the token service "
                + realmUri.getHost()
                + " answered "
                + response.status()
                + " to "
                + request);
      }
      JsonNode json = Json.parse(response.bodyBytes(MAX_TOKEN_RESPONSE));
      String token = json.path("token").asText(json.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw abort("the token service " + realmUri.getHost() + " returned no token");
      }
      return Optional.of(token);
    }
  }

  private static AbortedException abort(String message) {
    return new AbortedException(new RegistryException(message));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
