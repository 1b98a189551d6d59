package dev.slipway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.core.RemoteTimeouts;
import dev.slipway.registry.http.Redaction;
import dev.slipway.registry.http.Response;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Turns failed responses and I/O errors into {@link RegistryException}s that say what failed and
 * what to do. Messages carry host, method, path and the registry's error code, never headers,
 * queries, credentials or tokens.
 */
final class RegistryErrors {
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final Pattern QUERY = Pattern.compile("\\?[^\\s\"']*");

  private RegistryErrors() {}

  static RegistryException unexpected(Response response, ImageReference ref, String action) {
    String host = ref.apiHost();
    if (response.status() == 401 || response.status() == 403) {
      response.discard();
      return authenticationFailed(ref);
    }
    StringBuilder message =
        new StringBuilder(action)
            .append(" failed: registry ")
            .append(host)
            .append(" answered ")
            .append(response.status())
            .append(" to ")
            .append(response.request().method())
            .append(' ')
            .append(Redaction.path(response.request().uri()));
    String detail = errorDetail(response);
    if (!detail.isEmpty()) {
      message.append(" (").append(detail).append(')');
    }
    return new RegistryException(message.toString());
  }

  static RegistryException authenticationFailed(ImageReference ref) {
    return new RegistryException(
        "authentication to "
            + ref.apiHost()
            + " failed for "
            + ref.repository()
            + " (check docker login / credentials)");
  }

  static RegistryException unreachable(ImageReference ref, IOException e) {
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof java.net.SocketTimeoutException) {
      detail += " (it stopped answering; " + RemoteTimeouts.ENV + " sets how long to wait)";
    }
    return new RegistryException(
        "cannot reach registry " + ref.apiHost() + ": " + QUERY.matcher(detail).replaceAll("?…"),
        e);
  }

  /** {@code CODE: message} from a distribution error body, or empty. Uses Jackson lazily. */
  static String errorDetail(Response response) {
    try {
      byte[] body = response.bodyBytes(MAX_ERROR_BODY);
      if (body.length == 0 || body[0] != '{') {
        return "";
      }
      JsonNode first = Json.parse(body).path("errors").path(0);
      String code = first.path("code").asText("");
      String text = first.path("message").asText("");
      return code.isEmpty() ? text : text.isEmpty() ? code : code + ": " + text;
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
