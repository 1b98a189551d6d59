package dev.slipway.registry;

import dev.slipway.core.BlobSource;
import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.Progress;
import dev.slipway.core.RegistryException;
import dev.slipway.registry.http.AbortedException;
import dev.slipway.registry.http.Interceptor;
import dev.slipway.registry.http.RedirectInterceptor;
import dev.slipway.registry.http.RetryInterceptor;
import dev.slipway.registry.http.RetryPolicy;
import dev.slipway.registry.http.Transport;
import dev.slipway.registry.http.UrlConnectionTransport;
import dev.slipway.registry.http.UserAgentInterceptor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * A client for the OCI distribution API. Thread-safe; at most {@link
 * RegistryOptions#maxConcurrency()} operations run at once. Every failure that survives its retries
 * is a {@link RegistryException} whose message names host, operation and what to check, and never a
 * credential or token.
 */
public final class RegistryClient implements AutoCloseable {
  static final String USER_AGENT = "slipway/0.1 (+https://slipway.dev)";

  private final Semaphore permits;
  private final BlobCheck blobCheck;
  private final BlobDelete blobDelete;
  private final BlobDownload blobDownload;
  private final BlobUpload blobUpload;
  private final ManifestGet manifestGet;
  private final ManifestHead manifestHead;
  private final ManifestPut manifestPut;
  private final ReferrersGet referrersGet;

  private RegistryClient(RegistryOptions options, Transport wire) {
    HostPolicy hostPolicy = new HostPolicy(options.insecureHosts());
    RetryPolicy retryPolicy = RetryPolicy.of(options.maxAttempts(), options.initialBackoff());
    Transport plain =
        Interceptor.chain(
            List.of(
                new UserAgentInterceptor(USER_AGENT),
                new RetryInterceptor(retryPolicy),
                new RedirectInterceptor()),
            wire);
    AuthInterceptor auth =
        new AuthInterceptor(options.credentials(), new TokenService(plain, hostPolicy), hostPolicy);
    // Order matters: a retry re-runs auth (fresh token), and auth sees the original host before
    // redirects, which drop Authorization when they leave it.
    Transport transport =
        Interceptor.chain(
            List.of(
                new UserAgentInterceptor(USER_AGENT),
                new RetryInterceptor(retryPolicy),
                auth,
                new RedirectInterceptor()),
            wire);
    RegistryContext context =
        new RegistryContext(transport, new Routes(hostPolicy), retryPolicy, options);
    this.permits = new Semaphore(options.maxConcurrency(), true);
    this.blobCheck = new BlobCheck(context);
    this.blobDownload = new BlobDownload(context);
    this.blobDelete = new BlobDelete(context);
    this.blobUpload = new BlobUpload(context, blobCheck);
    this.manifestGet = new ManifestGet(context);
    this.manifestHead = new ManifestHead(context, manifestGet);
    this.manifestPut = new ManifestPut(context);
    this.referrersGet = new ReferrersGet(context, manifestGet);
  }

  public static RegistryClient create(RegistryOptions options) {
    return new RegistryClient(
        options,
        new UrlConnectionTransport(options.timeouts().connect(), options.timeouts().read()));
  }

  /** For tests: a client over the given wire transport. */
  static RegistryClient create(RegistryOptions options, Transport wire) {
    return new RegistryClient(options, wire);
  }

  /** The manifest's digest, media type and size, or empty if the registry has no such manifest. */
  public Optional<ManifestDescriptor> headManifest(ImageReference ref) throws RegistryException {
    return call(ref, () -> manifestHead.head(ref));
  }

  /** The manifest bytes exactly as served; a digest in {@code ref} must match them. */
  public FetchedManifest getManifest(ImageReference ref) throws RegistryException {
    return call(ref, () -> manifestGet.get(ref));
  }

  /** The manifest, or empty on a 404: one request where {@link #headManifest} then GET take two. */
  public Optional<FetchedManifest> findManifest(ImageReference ref) throws RegistryException {
    return call(ref, () -> manifestGet.find(ref));
  }

  /**
   * Downloads a blob into {@code temp}, a file only the caller uses, verified as it streams and
   * written in place; an absent or corrupt blob is an answer, not a failure. Unless the answer is
   * {@link BlobFetch#STORED}, {@code temp} is deleted.
   */
  public BlobFetch fetchBlob(ImageReference repo, Digest digest, Path temp)
      throws RegistryException {
    return call(repo, () -> blobDownload.fetchInPlace(repo, digest, temp));
  }

  /**
   * Removes a blob from {@code repo}: 202 deleted, 404 absent and 405 deletion disabled all return
   * normally; see {@link BlobDelete}.
   */
  public void deleteBlob(ImageReference repo, Digest digest) throws RegistryException {
    call(
        repo,
        () -> {
          blobDelete.delete(repo, digest);
          return null;
        });
  }

  /** Downloads a blob to {@code target}, verified, written atomically. */
  public void downloadBlob(ImageReference repo, Digest digest, Path target)
      throws RegistryException {
    downloadBlob(repo, digest, target, Progress.Task.NONE);
  }

  /** Downloads a blob as above, advancing {@code received} by the bytes as they arrive. */
  public void downloadBlob(ImageReference repo, Digest digest, Path target, Progress.Task received)
      throws RegistryException {
    call(
        repo,
        () -> {
          blobDownload.download(repo, digest, target, received);
          return null;
        });
  }

  public boolean blobExists(ImageReference repo, Digest digest) throws RegistryException {
    return call(repo, () -> blobCheck.exists(repo, digest, Routes.pull(repo)));
  }

  /**
   * Makes sure {@code repo} has the blob: skipped if present, mounted from {@code mountFrom} (same
   * registry) if possible, else uploaded.
   */
  public BlobPushResult pushBlob(
      ImageReference repo, BlobSource blob, Optional<ImageReference> mountFrom)
      throws RegistryException {
    return call(repo, () -> blobUpload.push(repo, blob, mountFrom));
  }

  /**
   * Stores a manifest under the tag or digest of {@code ref} and returns its digest. Push its blobs
   * (and, for an index, its child manifests) first.
   */
  public Digest putManifest(ImageReference ref, byte[] body, String mediaType)
      throws RegistryException {
    return call(ref, () -> manifestPut.put(ref, body, mediaType));
  }

  /**
   * Stores a manifest that has a {@code subject} under its digest; true if the registry said it
   * indexed the subject (the referrers API), false if the caller must keep the fallback tag.
   */
  public boolean putReferrer(ImageReference ref, byte[] body, String mediaType)
      throws RegistryException {
    boolean[] subjectSeen = new boolean[1];
    call(ref, () -> manifestPut.put(ref, body, mediaType, subjectSeen));
    return subjectSeen[0];
  }

  /**
   * The image index listing the referrers of {@code subject} in {@code repo}, from the referrers
   * API or its fallback tag; empty when the registry has neither.
   */
  public Optional<byte[]> referrers(ImageReference repo, Digest subject) throws RegistryException {
    return call(repo, () -> referrersGet.list(repo, subject));
  }

  @Override
  public void close() {
    // Connections are pooled by the JDK (keep-alive) and need no explicit release.
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws IOException, RegistryException;
  }

  private <T> T call(ImageReference ref, Call<T> call) throws RegistryException {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while waiting to talk to " + ref.apiHost(), e);
    }
    try {
      return call.run();
    } catch (AbortedException e) {
      if (e.getCause() instanceof RegistryException cause) {
        throw cause;
      }
      throw RegistryErrors.unreachable(ref, e);
    } catch (InterruptedIOException e) {
      Thread.currentThread().interrupt();
      throw RegistryErrors.unreachable(ref, e);
    } catch (IOException e) {
      throw RegistryErrors.unreachable(ref, e);
    } finally {
      permits.release();
    }
  }
}
