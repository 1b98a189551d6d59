package dev.slipway.core;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Computes SHA-256 and size of everything written through it, in the same pass. */
public final class CountingDigestOutputStream extends FilterOutputStream {
  private final MessageDigest sha256 = Digest.newSha256();
  private long count;

  public CountingDigestOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    sha256.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    sha256.update(b, off, len);
    count += len;
  }

  public long count() {
    return count;
  }

  /** The digest of what was written so far; call once, after the last write. */
  public Digest digest() {
    return Digest.sha256(sha256.digest());
  }
}
