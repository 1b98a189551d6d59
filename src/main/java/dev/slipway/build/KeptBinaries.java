package dev.slipway.build;

import dev.slipway.compile.GoAction;
import dev.slipway.compile.GoBuildId;
import dev.slipway.compile.GoCompiler;
import dev.slipway.core.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binaries go kept in {@code bin/<key>/} instead of linking them again. Go judges such a binary by
 * the build ID in its first bytes alone, so a binary damaged anywhere else would go into the image
 * as it is. Each binary's stat (size, mtime, inode, ctime) is noted beside it when it was linked or
 * last checked; a kept binary whose stat moved since is checked against the content ID in its build
 * ID (one read), and a damaged one is removed so that go links it again. An unchanged kept binary
 * costs one stat.
 */
final class KeptBinaries {
  private KeptBinaries() {}

  /**
   * Notes the stat of every binary of {@code result}, checking those go kept; removes the damaged
   * ones and returns true if there were any (the caller runs go again).
   */
  static boolean removeDamaged(GoCompiler.Result result) throws IOException {
    Set<String> linked =
        result.actions().stream()
            .filter(a -> a.mode().equals(GoAction.LINK))
            .map(GoAction::importPath)
            .collect(Collectors.toSet());
    boolean damaged = false;
    for (Map.Entry<String, Path> e : result.binaries().entrySet()) {
      Path binary = e.getValue();
      Path note = binary.resolveSibling("." + binary.getFileName() + ".stat");
      String stat = stat(binary);
      if (stat == null) {
        continue; // no binary: the layer stage names it
      }
      if (!linked.contains(e.getKey()) && !stat.equals(read(note))) {
        if (GoBuildId.problem(binary) != null) {
          Files.deleteIfExists(binary);
          Files.deleteIfExists(note);
          damaged = true;
          continue;
        }
      }
      if (!stat.equals(read(note))) {
        AtomicFiles.write(note, stat.getBytes(StandardCharsets.UTF_8));
      }
    }
    return damaged;
  }

  private static String stat(Path binary) throws IOException {
    try {
      Map<String, Object> a = Files.readAttributes(binary, "unix:size,lastModifiedTime,ino,ctime");
      return a.get("size")
          + " "
          + a.get("lastModifiedTime")
          + " "
          + a.get("ino")
          + " "
          + a.get("ctime");
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** The noted stat, or "" when there is none or it cannot be read (then the binary is checked). */
  private static String read(Path note) {
    try {
      return Files.readString(note, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
