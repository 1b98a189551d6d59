package dev.slipway.registry;

import dev.slipway.core.AtomicFiles;
import dev.slipway.core.CountingDigestOutputStream;
import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.Progress;
import dev.slipway.core.RegistryException;
import dev.slipway.registry.http.Request;
import dev.slipway.registry.http.Response;
import dev.slipway.registry.http.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code GET /v2/<name>/blobs/<digest>} into a file: streamed to a temp sibling while hashing,
 * verified, then renamed into place, so a half-read or wrong blob never appears at the target; or,
 * for a target that is already a private temporary file, streamed into it in place, which spares
 * the file system a second file per blob. A connection cut mid-body restarts the download.
 */
final class BlobDownload {
  private final RegistryContext context;

  BlobDownload(RegistryContext context) {
    this.context = context;
  }

  void download(ImageReference repo, Digest digest, Path target, Progress.Task received)
      throws IOException, RegistryException {
    switch (fetch(repo, digest, target, false, received)) {
      case STORED -> {}
      case NOT_FOUND ->
          throw new RegistryException(
              "blob " + digest + " not found in " + repo.name() + " on " + repo.apiHost());
      case DIGEST_MISMATCH ->
          throw new RegistryException(
              "blob "
                  + digest
                  + " from "
                  + repo.apiHost()
                  + " does not match its digest (the registry or a proxy corrupted it)");
    }
  }

  /**
   * Into {@code temp}, a file only the caller uses, in place: with absent and corrupt blobs as
   * answers instead of failures, and {@code temp} deleted unless the answer is {@link
   * BlobFetch#STORED}.
   */
  BlobFetch fetchInPlace(ImageReference repo, Digest digest, Path temp)
      throws IOException, RegistryException {
    return fetch(repo, digest, temp, true, Progress.Task.NONE);
  }

  private BlobFetch fetch(
      ImageReference repo, Digest digest, Path target, boolean inPlace, Progress.Task received)
      throws IOException, RegistryException {
    if (!digest.algorithm().equals("sha256")) {
      throw new RegistryException(
          "cannot verify blob " + digest + ": only sha256 digests are supported");
    }
    RetryPolicy retry = context.retryPolicy();
    Request request =
        Request.of("GET", context.routes().blob(repo, digest))
            .withScopes(List.of(Routes.pull(repo)));
    for (int attempt = 1; ; attempt++) {
      Path temp = inPlace ? target : AtomicFiles.tempSibling(target);
      boolean stored = false;
      try (Response response = context.transport().execute(request)) {
        if (response.status() == 404) {
          response.discard();
          return BlobFetch.NOT_FOUND;
        }
        if (response.status() != 200) {
          throw RegistryErrors.unexpected(response, repo, "downloading blob " + digest);
        }
        Digest actual;
        try (InputStream in = response.body();
            CountingDigestOutputStream out =
                new CountingDigestOutputStream(Files.newOutputStream(temp))) {
          try {
            received.copy(in, out);
          } catch (IOException e) {
            received.advance(-out.count()); // a retry starts over
            throw e;
          }
          out.flush();
          actual = out.digest();
        }
        if (!actual.equals(digest)) {
          return BlobFetch.DIGEST_MISMATCH;
        }
        if (!inPlace) {
          AtomicFiles.move(temp, target, true);
        }
        stored = true;
        return BlobFetch.STORED;
      } catch (IOException e) {
        if (attempt >= retry.maxAttempts() || !RetryPolicy.isRetryable(e)) {
          throw e;
        }
        retry.sleep(retry.delay(attempt, java.util.Optional.empty()));
      } finally {
        if (!stored) {
          Files.deleteIfExists(temp);
        }
      }
    }
  }
}
