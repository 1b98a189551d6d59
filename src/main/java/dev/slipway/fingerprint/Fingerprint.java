package dev.slipway.fingerprint;

import dev.slipway.core.Digest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The digest of every input of a build, with the lines it was computed from (kept so a later
 * explanation can say what changed).
 */
public record Fingerprint(Digest key, List<String> lines) {
  public Fingerprint {
    lines = List.copyOf(lines);
  }

  /**
   * The SHA-256 (hex) of every regular file the fingerprint read, by absolute path: what an
   * explanation needs of a package's files without reading them again.
   */
  public Map<Path, String> fileHashes() {
    Map<Path, String> out = new HashMap<>();
    Path tree = null;
    for (String line : lines) {
      String[] f = line.split("\t");
      if (f[0].equals("tree")) {
        tree = Path.of(f[1]);
      } else if (f[0].equals("file") && tree != null && f.length == 4 && !f[2].equals("link")) {
        out.put(tree.resolve(f[1]).toAbsolutePath().normalize(), f[3]);
      }
    }
    return out;
  }
}
