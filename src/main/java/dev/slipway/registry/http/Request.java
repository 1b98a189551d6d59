package dev.slipway.registry.http;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP request. {@code scopes} are registry token scopes (e.g. {@code
 * repository:app:pull,push}) that the auth interceptor asks for; they are never sent as headers.
 * {@code retryable} false means the caller restarts the whole operation itself on failure (used for
 * upload bodies, whose server-side session may not survive a cut connection).
 */
public record Request(
    String method, URI uri, Headers headers, Body body, List<String> scopes, boolean retryable) {
  public Request {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    headers = headers == null ? Headers.empty() : headers;
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }

  public static Request of(String method, URI uri) {
    return new Request(method, uri, Headers.empty(), null, List.of(), true);
  }

  public Request withHeader(String name, String value) {
    return new Request(method, uri, headers.with(name, value), body, scopes, retryable);
  }

  public Request withoutHeader(String name) {
    return new Request(method, uri, headers.without(name), body, scopes, retryable);
  }

  public Request withBody(Body newBody) {
    return new Request(method, uri, headers, newBody, scopes, retryable);
  }

  public Request withUri(URI newUri) {
    return new Request(method, newUri, headers, body, scopes, retryable);
  }

  public Request withScopes(List<String> newScopes) {
    return new Request(method, uri, headers, body, newScopes, retryable);
  }

  public Request notRetryable() {
    return new Request(method, uri, headers, body, scopes, false);
  }

  /** Method and redacted URL only: headers and query strings may carry secrets. */
  @Override
  public String toString() {
    return method + " " + Redaction.uri(uri);
  }
}
