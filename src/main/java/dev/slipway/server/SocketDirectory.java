package dev.slipway.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * The directory the server's socket lives in. Whoever can connect to the socket runs commands as
 * this user, with any environment, so the directory must be this user's alone: owned by them, mode
 * 0700, and not a symbolic link (the client makes it so; the server checks before it listens).
 */
final class SocketDirectory {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  private SocketDirectory() {}

  /**
   * The directory's owner, who alone may connect.
   *
   * @throws IOException if it is missing, a link, another user's, or open to others
   */
  static UserPrincipal check(Path dir) throws IOException {
    PosixFileAttributes a =
        Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!a.isDirectory()) {
      throw new IOException(dir + ": not a directory");
    }
    if (!a.permissions().equals(OWNER_ONLY)) {
      throw new IOException(dir + ": must have mode 0700");
    }
    String me = System.getProperty("user.name");
    if (!a.owner().getName().equals(me)) {
      throw new IOException(dir + ": owned by " + a.owner().getName() + ", not " + me);
    }
    return a.owner();
  }
}
