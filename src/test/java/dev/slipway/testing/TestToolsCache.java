package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Where scripts/install-deps puts a set of test tools, by the script's rule: {@code
 * ${XDG_CACHE_HOME:-$HOME/.cache}/slipway/test-tools/<prefix>-<hash>}, the hash being the first 12
 * hex digits of the SHA-256 of the files that pin them, one after another, so a change of pins gets
 * a directory of its own.
 */
final class TestToolsCache {
  private TestToolsCache() {}

  static Path dir(String prefix, Path... pins) {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getenv("HOME"), ".cache");
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (Path pin : pins) {
        sha256.update(Files.readAllBytes(pin));
      }
      String name = prefix + "-" + HexFormat.of().formatHex(sha256.digest()).substring(0, 12);
      return cache.resolve("slipway").resolve("test-tools").resolve(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code dir}, once install-deps has marked it complete. */
  static Path installed(Path dir, String what) {
    if (!Files.isRegularFile(dir.resolve("complete"))) {
      throw new AssertionError(
          "the " + what + " are not installed at " + dir + ": run scripts/install-deps");
    }
    return dir;
  }
}
