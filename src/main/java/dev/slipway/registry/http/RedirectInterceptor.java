package dev.slipway.registry.http;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * Follows redirects for GET and HEAD (blob storage often answers with a pre-signed URL on another
 * host). Authorization is dropped as soon as the scheme, host or port changes, so registry
 * credentials never reach the storage backend.
 */
public final class RedirectInterceptor implements Interceptor {
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final int MAX_REDIRECTS = 10;

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Response response = chain.proceed(request);
    boolean follows = request.method().equals("GET") || request.method().equals("HEAD");
    for (int hops = 0; follows && REDIRECTS.contains(response.status()); hops++) {
      String location = response.headers().first("Location").orElse(null);
      if (location == null) {
        return response;
      }
      if (hops >= MAX_REDIRECTS) {
        response.discard();
        throw new IOException("too many redirects for " + chain.request());
      }
      response.discard();
      URI next = Locations.resolve(request.uri(), location);
      if (!sameOrigin(request.uri(), next)) {
        request = request.withoutHeader("Authorization");
      }
      request = request.withUri(next);
      response = chain.proceed(request);
    }
    return response;
  }

  static boolean sameOrigin(URI a, URI b) {
    return Objects.equals(a.getScheme(), b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
