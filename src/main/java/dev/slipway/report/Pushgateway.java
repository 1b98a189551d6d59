package dev.slipway.report;

import dev.slipway.core.RemoteTimeouts;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * A Prometheus pushgateway, given as {@code http(s)://[user:password@]host:port[/prefix]}. A push
 * is a PUT to {@code /metrics/job/slipway} plus grouping labels, which replaces everything the
 * group held, so the gateway always shows the last build. A URL that already names a group ({@code
 * .../metrics/job/J/...}) is used as given. Credentials in the URL are sent as basic auth and never
 * shown: {@link #toString()} leaves them out.
 */
public final class Pushgateway {
  private final URI base;
  private final Optional<String> authorization;
  private final RemoteTimeouts timeouts;

  private Pushgateway(URI base, Optional<String> authorization, RemoteTimeouts timeouts) {
    this.base = base;
    this.authorization = authorization;
    this.timeouts = timeouts;
  }

  /** The same gateway, waiting at most {@code value} to connect and for its answer. */
  public Pushgateway withTimeouts(RemoteTimeouts value) {
    return new Pushgateway(base, authorization, value);
  }

  /** Parses the URL given to {@code flag}; errors name the flag but never the credentials. */
  public static Pushgateway parse(String flag, String url) throws UsageException {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new UsageException(flag + ": not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      throw new UsageException(flag + ": expected http(s)://host:port, got " + redact(uri));
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw new UsageException(
          flag + " " + redact(uri) + ": port " + uri.getPort() + " is not in 1-65535");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new UsageException(flag + " " + redact(uri) + ": no query or fragment, please");
    }
    Optional<String> auth = Optional.empty();
    String authority = uri.getRawAuthority();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
      auth =
          Optional.of(
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
      authority = authority.substring(authority.lastIndexOf('@') + 1);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    return new Pushgateway(
        URI.create(scheme + "://" + authority + path), auth, RemoteTimeouts.DEFAULT);
  }

  /** Where a push with these grouping labels goes (the job is {@code slipway}). */
  URI groupUri(Map<String, String> grouping) {
    String path = base.getRawPath();
    if (path.contains("/metrics/job/")) {
      return base;
    }
    StringBuilder url = new StringBuilder(base.toString()).append("/metrics/job/slipway");
    grouping.forEach(
        (name, value) ->
            // base64url keeps values with slashes (repositories, import paths) in one segment
            url.append('/')
                .append(name)
                .append("@base64/")
                .append(
                    value.isEmpty()
                        ? "="
                        : Base64.getUrlEncoder()
                            .encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    return URI.create(url.toString());
  }

  /**
   * PUTs {@code exposition} to the group, replacing what it held.
   *
   * @throws IOException when the gateway cannot be reached or refuses the push (a malformed body is
   *     HTTP 400); the message names the gateway without credentials
   */
  public void push(String exposition, Map<String, String> grouping) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(groupUri(grouping))
            .timeout(timeouts.read())
            .header("Content-Type", Exposition.CONTENT_TYPE)
            .PUT(HttpRequest.BodyPublishers.ofString(exposition, StandardCharsets.UTF_8));
    authorization.ifPresent(a -> request.header("Authorization", a));
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeouts.connect()).build();
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("pushgateway " + this + ": interrupted", e);
    } catch (IOException e) {
      throw new IOException("pushgateway " + this + ": " + e, e);
    }
    if (response.statusCode() / 100 != 2) {
      String body = response.body().strip();
      throw new IOException(
          "pushgateway "
              + this
              + ": HTTP "
              + response.statusCode()
              + (body.isEmpty() ? "" : ": " + body.lines().findFirst().orElse("")));
    }
  }

  /** The gateway's URL without credentials. */
  @Override
  public String toString() {
    return base.toString();
  }

  private static String redact(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    return uri.toString().replace(uri.getRawUserInfo() + "@", "");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
