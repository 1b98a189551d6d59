package dev.slipway.registry.http;

import java.io.IOException;

/** Sets the User-Agent header on every request that has none. */
public final class UserAgentInterceptor implements Interceptor {
  private final String userAgent;

  public UserAgentInterceptor(String userAgent) {
    this.userAgent = userAgent;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (!request.headers().contains("User-Agent")) {
      request = request.withHeader("User-Agent", userAgent);
    }
    return chain.proceed(request);
  }
}
