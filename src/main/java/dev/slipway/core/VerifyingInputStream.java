package dev.slipway.core;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Reads content that must be {@code size} bytes hashing to {@code digest}, and hands out its last
 * bytes only once the whole has matched: a reader that gets to the end has the right blob, and a
 * copy of known length (a file, a tar entry, an upload) never completes with wrong bytes, because
 * the read that would finish it throws {@link DigestMismatchException} instead. Bytes past {@code
 * size} are never read. A {@link #skip} ends the check, since a reader of a slice cannot hash the
 * whole; such a reader must find damage some other way.
 */
public final class VerifyingInputStream extends FilterInputStream {
  private final Digest digest;
  private final long size;
  private final String what;
  private final MessageDigest sha256 = Digest.newSha256();
  private long position;
  private boolean checking = true;
  private boolean matched;
  private String failure;

  /**
   * @param what the content, for the error message (for example "layer sha256:… at PATH")
   */
  public VerifyingInputStream(InputStream in, Digest digest, long size, String what) {
    super(in);
    this.digest = digest;
    this.size = size;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int off, int len) throws IOException {
    if (failure != null) {
      throw new DigestMismatchException(failure);
    }
    if (position >= size) {
      check();
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int n = in.read(buffer, off, (int) Math.min(len, size - position));
    if (n < 0) {
      if (checking) {
        failure = what + " is damaged: it ends after " + position + " bytes, not " + size;
        throw new DigestMismatchException(failure);
      }
      return -1;
    }
    if (checking) {
      sha256.update(buffer, off, n);
    }
    position += n;
    if (position == size) {
      check(); // before the last bytes leave this stream
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    checking = false;
    long skipped = in.skip(Math.max(0, Math.min(n, size - position)));
    position += skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), size - position);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readLimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("a verified stream cannot be reset");
  }

  private void check() throws DigestMismatchException {
    if (!checking || matched) {
      return;
    }
    Digest actual = Digest.sha256(sha256.digest());
    if (!actual.equals(digest)) {
      failure = what + " is damaged: its " + size + " bytes hash to " + actual + ", not " + digest;
      throw new DigestMismatchException(failure);
    }
    matched = true;
  }
}
