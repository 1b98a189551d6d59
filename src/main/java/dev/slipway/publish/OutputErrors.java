package dev.slipway.publish;

import dev.slipway.core.DigestMismatchException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * Failures of writing an output that name the file and the reason: the operating system's "No space
 * left on device" on its own says neither which file nor which output.
 */
final class OutputErrors {
  private OutputErrors() {}

  /** {@code e} with {@code file} named, unless it names a file already. */
  static IOException at(Path file, IOException e) {
    if (e instanceof DigestMismatchException || e instanceof FileSystemException) {
      return e;
    }
    return new IOException(file + ": " + reason(e), e);
  }

  /** {@code e} as the failure of writing the output {@code what} (for example "the tarball"). */
  static IOException output(String what, Path where, IOException e) {
    return new IOException("cannot write " + what + " " + where + ": " + reason(e), e);
  }

  /** {@code out}, whose failed writes, flushes and close name {@code file}. */
  static OutputStream naming(OutputStream out, Path file) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        try {
          out.write(b);
        } catch (IOException e) {
          throw at(file, e);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          out.write(b, off, len);
        } catch (IOException e) {
          throw at(file, e);
        }
      }

      @Override
      public void flush() throws IOException {
        try {
          out.flush();
        } catch (IOException e) {
          throw at(file, e);
        }
      }

      @Override
      public void close() throws IOException {
        try {
          out.close();
        } catch (IOException e) {
          throw at(file, e);
        }
      }
    };
  }

  private static String reason(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
