package dev.slipway.registry;

import dev.slipway.core.BlobSource;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.registry.http.Body;
import dev.slipway.registry.http.Locations;
import dev.slipway.registry.http.Request;
import dev.slipway.registry.http.Response;
import dev.slipway.registry.http.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Uploads a large blob as PATCH chunks with inclusive Content-Range, in order, each at least the
 * registry's OCI-Chunk-Min-Length. After a failed chunk (416, a retryable status or a cut
 * connection) it asks the session for its offset with GET and resumes there, so no chunk is sent
 * twice blindly (Jib's duplicate-PATCH bug). Returns the response to the closing PUT.
 */
final class ChunkedUpload {
  private static final Pattern RANGE = Pattern.compile("(?:bytes=)?(\\d+)-(\\d+)");

  private final RegistryContext context;

  ChunkedUpload(RegistryContext context) {
    this.context = context;
  }

  Response upload(ImageReference repo, UploadSession session, BlobSource blob)
      throws IOException, RegistryException {
    long chunk = Math.max(context.options().chunkSize(), session.minChunkLength());
    URI location = session.location();
    long offset = 0;
    int failures = 0;
    RetryPolicy retry = context.retryPolicy();
    while (offset < blob.size()) {
      long start = offset;
      long length = Math.min(chunk, blob.size() - start);
      Request patch =
          Request.of("PATCH", location)
              .withHeader("Content-Range", start + "-" + (start + length - 1))
              .withBody(
                  new Body(length, "application/octet-stream", () -> slice(blob, start, length)))
              .withScopes(List.of(Routes.push(repo)))
              .notRetryable();
      Optional<String> retryAfter = Optional.empty();
      try (Response response = context.transport().execute(patch)) {
        if (response.status() == 202 || response.status() == 204) {
          location = next(response, location);
          offset = received(response).orElse(start + length);
          continue;
        }
        if (response.status() == 404) {
          // Distribution cancels a session whose stored size disagrees with its state.
          throw new IOException("upload session on " + repo.apiHost() + " was lost (404)");
        }
        if (response.status() != 416 && !RetryPolicy.isRetryableStatus(response.status())) {
          throw RegistryErrors.unexpected(response, repo, "uploading a chunk of " + blob.digest());
        }
        retryAfter = response.headers().first("Retry-After");
      } catch (IOException e) {
        if (!RetryPolicy.isRetryable(e) || ++failures >= retry.maxAttempts()) {
          throw e;
        }
        retry.sleep(retry.delay(failures, retryAfter));
        Progress progress = resume(repo, location);
        offset = progress.offset();
        location = progress.location();
        continue;
      }
      if (++failures >= retry.maxAttempts()) {
        throw new IOException("chunked upload of " + blob.digest() + " kept failing");
      }
      retry.sleep(retry.delay(failures, retryAfter));
      Progress progress = resume(repo, location);
      offset = progress.offset();
      location = progress.location();
    }
    Request put =
        Request.of("PUT", Locations.withQueryParam(location, "digest", blob.digest().toString()))
            .withScopes(List.of(Routes.push(repo)))
            .notRetryable();
    return context.transport().execute(put);
  }

  private record Progress(long offset, URI location) {}

  /**
   * Asks the session how much it has (GET, 204 + Range) and where to continue: the new Location
   * carries the server's updated state. A lost session restarts the whole upload.
   */
  private Progress resume(ImageReference repo, URI location) throws IOException {
    try (Response status =
        context
            .transport()
            .execute(Request.of("GET", location).withScopes(List.of(Routes.push(repo))))) {
      if (status.status() != 204 && status.status() != 200) {
        throw new IOException(
            "upload session on " + repo.apiHost() + " is gone (" + status.status() + ")");
      }
      return new Progress(received(status).orElse(0L), next(status, location));
    }
  }

  /** The next offset from a {@code Range: 0-N} header. Distribution says 0-0 for nothing yet. */
  private static Optional<Long> received(Response response) {
    Optional<String> range = response.headers().first("Range");
    if (range.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = RANGE.matcher(range.get().trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long end = Long.parseLong(m.group(2));
    return Optional.of(end == 0 ? 0 : end + 1);
  }

  private static URI next(Response response, URI current) {
    return response
        .headers()
        .first("Location")
        .map(l -> Locations.resolve(response.request().uri(), l))
        .orElse(current);
  }

  private static InputStream slice(BlobSource blob, long start, long length) throws IOException {
    InputStream in = blob.open();
    in.skipNBytes(start);
    return new java.io.FilterInputStream(in) {
      private long left = length;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = super.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = super.read(buffer, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }
    };
  }
}
