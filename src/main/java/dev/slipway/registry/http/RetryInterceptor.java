package dev.slipway.registry.http;

import java.io.IOException;
import java.util.Optional;

/**
 * Retries transient failures (see {@link RetryPolicy}), sending the body again from a fresh stream.
 * Requests marked not retryable pass straight through: their callers restart at a higher level.
 * After the last attempt the final response is returned, or the last IOException thrown.
 */
public final class RetryInterceptor implements Interceptor {
  private final RetryPolicy policy;

  public RetryInterceptor(RetryPolicy policy) {
    this.policy = policy;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (!request.retryable()) {
      return chain.proceed(request);
    }
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt >= policy.maxAttempts();
      Optional<String> retryAfter;
      try {
        Response response = chain.proceed(request);
        if (last || !RetryPolicy.isRetryableStatus(response.status())) {
          return response;
        }
        retryAfter = response.headers().first("Retry-After");
        response.discard();
      } catch (IOException e) {
        if (last || !RetryPolicy.isRetryable(e)) {
          throw e;
        }
        retryAfter = Optional.empty();
      }
      policy.sleep(policy.delay(attempt, retryAfter));
    }
  }
}
