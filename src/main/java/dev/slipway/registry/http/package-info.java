/**
 * A small HTTP layer for the registry client: own {@link dev.slipway.registry.http.Request} and
 * {@link dev.slipway.registry.http.Response} types, a {@link dev.slipway.registry.http.Transport}
 * and an OkHttp-style {@link dev.slipway.registry.http.Interceptor} chain for cross-cutting
 * concerns (user agent, retry, redirects). It is internal to {@code dev.slipway.registry}.
 *
 * <p>Why not {@code java.net.http.HttpClient} everywhere: its first request from a cold JVM costs
 * about 0.5 s against 0.04 s for {@code HttpURLConnection}, and a no-op build is often a single
 * HEAD. HttpClient is created lazily, only for PATCH, which HttpURLConnection cannot send.
 */
package dev.slipway.registry.http;
