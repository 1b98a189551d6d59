package dev.slipway.core;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/** Write-to-temp-then-rename helpers; "already exists" counts as success for content files. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * A fresh temporary file next to {@code target}, so the final rename stays on one filesystem.
   * Created as any file the user makes (0666 less the umask), not 0600 as {@code
   * Files.createTempFile} would: what Slipway writes for people (reports, layouts, summaries) must
   * be readable by whoever may read the user's other files.
   */
  public static Path tempSibling(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    while (true) {
      Path temp =
          dir.resolve(
              "."
                  + target.getFileName()
                  + "."
                  + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                  + ".tmp");
      try {
        return Files.createFile(temp);
      } catch (FileAlreadyExistsException e) {
        // another writer's temporary file: draw again
      }
    }
  }

  /**
   * Moves {@code temp} to {@code target} atomically. For content-addressed files another writer may
   * have won the race; with {@code replace} false that counts as success and the temp is deleted.
   */
  public static void move(Path temp, Path target, boolean replace) throws IOException {
    try {
      if (replace) {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } else if (Files.exists(target)) {
        Files.deleteIfExists(temp);
      } else {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(temp);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  /** Writes bytes to {@code target} atomically, replacing what was there. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path temp = tempSibling(target);
    try {
      try {
        Files.write(temp, bytes);
      } catch (IOException e) {
        throw IoErrors.naming(target, e); // a full disk says so without a path
      }
      move(temp, target, true);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
