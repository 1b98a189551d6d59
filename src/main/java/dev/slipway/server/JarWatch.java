package dev.slipway.server;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the jar a server runs from has changed since it started (size, modification time, inode:
 * what the launcher's version key is made of). The launcher's clients name servers by the jar, so
 * after a rebuild the old server would otherwise wait out its idle time with nobody to serve.
 */
final class JarWatch {
  /** A watch that never fires: classes not run from a jar (tests from target/classes). */
  static final JarWatch NONE = new JarWatch(null, null);

  private final Path jar;
  private final List<Object> seen;

  private JarWatch(Path jar, List<Object> seen) {
    this.jar = jar;
    this.seen = seen;
  }

  /** Watches the jar this class was loaded from, if it was. */
  static JarWatch ofThisJar() {
    try {
      return of(
          Path.of(JarWatch.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException | RuntimeException e) {
      return NONE;
    }
  }

  /** Watches {@code file}, if it is a regular file. */
  static JarWatch of(Path file) {
    Optional<List<Object>> now = identity(file);
    return Files.isRegularFile(file) && now.isPresent() ? new JarWatch(file, now.get()) : NONE;
  }

  /** True once the jar is gone or another file. */
  boolean changed() {
    return jar != null && !Objects.equals(identity(jar).orElse(null), seen);
  }

  private static Optional<List<Object>> identity(Path file) {
    try {
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return Optional.of(
          List.of(a.size(), a.lastModifiedTime(), Objects.requireNonNullElse(a.fileKey(), "")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
