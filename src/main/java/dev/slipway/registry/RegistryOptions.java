package dev.slipway.registry;

import dev.slipway.core.RemoteTimeouts;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * How a {@link RegistryClient} behaves.
 *
 * @param insecureHosts {@code host} or {@code host:port} names allowed plain HTTP (loopback always
 *     is)
 * @param maxConcurrency at most this many registry operations run at once
 * @param maxAttempts tries per request (and per upload) before giving up, at least 1
 * @param initialBackoff the first retry wait; it doubles on each further retry, with jitter
 * @param credentials where logins come from
 * @param warnings receives one-line warnings (for example a failing credential helper)
 * @param chunkedUploadThreshold blobs larger than this are uploaded in PATCH chunks
 * @param chunkSize the size of each PATCH chunk (raised to the registry's OCI-Chunk-Min-Length)
 * @param timeouts how long each request may wait to connect and for the registry to answer
 */
public record RegistryOptions(
    Set<String> insecureHosts,
    int maxConcurrency,
    int maxAttempts,
    Duration initialBackoff,
    CredentialSource credentials,
    Consumer<String> warnings,
    long chunkedUploadThreshold,
    long chunkSize,
    RemoteTimeouts timeouts) {
  public static final long DEFAULT_CHUNKED_UPLOAD_THRESHOLD = 64L << 20;
  public static final long DEFAULT_CHUNK_SIZE = 16L << 20;

  public RegistryOptions {
    insecureHosts =
        insecureHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException(
          "maxConcurrency must be at least 1, not " + maxConcurrency);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
    }
    if (initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff must not be negative");
    }
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(warnings, "warnings");
    if (chunkSize < 1 || chunkedUploadThreshold < 0) {
      throw new IllegalArgumentException("chunk size and threshold must be positive");
    }
    Objects.requireNonNull(timeouts, "timeouts");
  }

  /** The eight settings before timeouts, with {@link RemoteTimeouts#DEFAULT}. */
  public RegistryOptions(
      Set<String> insecureHosts,
      int maxConcurrency,
      int maxAttempts,
      Duration initialBackoff,
      CredentialSource credentials,
      Consumer<String> warnings,
      long chunkedUploadThreshold,
      long chunkSize) {
    this(
        insecureHosts,
        maxConcurrency,
        maxAttempts,
        initialBackoff,
        credentials,
        warnings,
        chunkedUploadThreshold,
        chunkSize,
        RemoteTimeouts.DEFAULT);
  }

  /** The six settings most callers need; chunking uses the defaults. */
  public RegistryOptions(
      Set<String> insecureHosts,
      int maxConcurrency,
      int maxAttempts,
      Duration initialBackoff,
      CredentialSource credentials,
      Consumer<String> warnings) {
    this(
        insecureHosts,
        maxConcurrency,
        maxAttempts,
        initialBackoff,
        credentials,
        warnings,
        DEFAULT_CHUNKED_UPLOAD_THRESHOLD,
        DEFAULT_CHUNK_SIZE);
  }

  /**
   * No insecure hosts, 4 concurrent operations, 3 attempts starting at 200 ms, credentials from the
   * docker/podman config files that {@code env} points at (read on first use), warnings to stderr,
   * 64 MiB chunk threshold, timeouts from {@code env}'s {@value RemoteTimeouts#ENV} (the CLI has
   * checked it).
   */
  public static RegistryOptions defaults(Map<String, String> env) {
    return new RegistryOptions(
        Set.of(),
        4,
        3,
        Duration.ofMillis(200),
        DockerConfigCredentials.fromEnvironment(env),
        message -> System.err.println("warning: " + message),
        DEFAULT_CHUNKED_UPLOAD_THRESHOLD,
        DEFAULT_CHUNK_SIZE,
        RemoteTimeouts.fromCheckedEnvironment(env));
  }

  public RegistryOptions withInsecureHosts(Set<String> hosts) {
    return new RegistryOptions(
        hosts,
        maxConcurrency,
        maxAttempts,
        initialBackoff,
        credentials,
        warnings,
        chunkedUploadThreshold,
        chunkSize,
        timeouts);
  }

  public RegistryOptions withCredentials(CredentialSource source) {
    return new RegistryOptions(
        insecureHosts,
        maxConcurrency,
        maxAttempts,
        initialBackoff,
        source,
        warnings,
        chunkedUploadThreshold,
        chunkSize,
        timeouts);
  }

  public RegistryOptions withConcurrency(int operations) {
    return new RegistryOptions(
        insecureHosts,
        operations,
        maxAttempts,
        initialBackoff,
        credentials,
        warnings,
        chunkedUploadThreshold,
        chunkSize,
        timeouts);
  }

  public RegistryOptions withRetries(int attempts, Duration backoff) {
    return new RegistryOptions(
        insecureHosts,
        maxConcurrency,
        attempts,
        backoff,
        credentials,
        warnings,
        chunkedUploadThreshold,
        chunkSize,
        timeouts);
  }

  public RegistryOptions withWarnings(Consumer<String> sink) {
    return new RegistryOptions(
        insecureHosts,
        maxConcurrency,
        maxAttempts,
        initialBackoff,
        credentials,
        sink,
        chunkedUploadThreshold,
        chunkSize,
        timeouts);
  }

  public RegistryOptions withTimeouts(RemoteTimeouts value) {
    return new RegistryOptions(
        insecureHosts,
        maxConcurrency,
        maxAttempts,
        initialBackoff,
        credentials,
        warnings,
        chunkedUploadThreshold,
        chunkSize,
        value);
  }

  public RegistryOptions withChunking(long threshold, long size) {
    return new RegistryOptions(
        insecureHosts,
        maxConcurrency,
        maxAttempts,
        initialBackoff,
        credentials,
        warnings,
        threshold,
        size,
        timeouts);
  }
}
