package dev.slipway.build;

import dev.slipway.compile.GoBuildId;
import dev.slipway.core.StoreCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code slipway cache verify} of {@code bin/}: the link directories go builds into, and the
 * GOCACHEPROG bridge that earlier versions built. These are not content-addressed, and go itself
 * decides whether a binary there is current from the build ID in it (see {@link GoBuildId}), so
 * that ID is what a binary is checked against: a binary whose bytes no longer hash to the content
 * ID in its build ID is removed, and go links it again. A binary without such an ID (one linked
 * with {@code -buildid=}, say) cannot be checked and is kept, and so are files that are not
 * executable and hidden files (not binaries). Leftovers of interrupted writes are cleaned; link
 * directories no build uses any more are harmless and kept.
 */
final class BinCheck {
  private BinCheck() {}

  static void run(Path bin, StoreCheck check) throws IOException {
    visit(bin, bin, check, 0);
  }

  private static void visit(Path bin, Path dir, StoreCheck check, int depth) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> entries;
    try (Stream<Path> s = Files.list(dir)) {
      entries = s.sorted().toList();
    }
    for (Path p : entries) {
      String name = p.getFileName().toString();
      if (name.startsWith(".")) {
        if (isLeftover(name)) {
          check.cleanIfStale(p);
        }
        continue; // other hidden files (a lock, say) belong to whoever made them
      }
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(p, BasicFileAttributes.class);
      } catch (java.nio.file.NoSuchFileException e) {
        continue;
      }
      if (a.isDirectory() && depth < 2) {
        visit(bin, p, check, depth + 1);
      } else if (a.isRegularFile() && Files.isExecutable(p)) {
        check.checked();
        String problem = GoBuildId.problem(p);
        if (problem != null) {
          Files.deleteIfExists(p);
          check.removed("bin/" + bin.relativize(p), problem);
        }
      }
    }
  }

  /**
   * Temporary files (AtomicFiles' {@code .NAME.RANDOM.tmp}) and the build directories of the bridge
   * that earlier versions built.
   */
  private static boolean isLeftover(String name) {
    return name.startsWith(".") && (name.endsWith(".tmp") || name.startsWith(".bridge-"));
  }
}
