package dev.slipway.publish;

import dev.slipway.core.DigestMismatchException;
import dev.slipway.core.IoErrors;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Failures of writing an output that name the file and the reason: the operating system's "No space
 * left on device" on its own says neither which file nor which output.
 */
final class OutputErrors {
  private OutputErrors() {}

  /** {@code e} with {@code file} named, unless it names a file already. */
  static IOException at(Path file, IOException e) {
    // A mismatch keeps its type: the caller repairs the layer and tries again.
    return e instanceof DigestMismatchException ? e : IoErrors.naming(file, e);
  }

  /** {@code e} as the failure of writing the output {@code what} (for example "the tarball"). */
  static IOException output(String what, Path where, IOException e) {
    return new IOException("cannot write " + what + " " + where + ": " + reason(e), e);
  }

  private static String reason(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
