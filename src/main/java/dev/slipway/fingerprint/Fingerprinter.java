package dev.slipway.fingerprint;

import dev.slipway.core.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes a build's fingerprint from its settings and the files of every module it reads. It is
 * conservative: anything it cannot account for (a go.work workspace) yields no fingerprint, and the
 * build simply runs.
 */
public final class Fingerprinter {
  private Fingerprinter() {}

  /**
   * The build's fingerprint, or empty when one of its inputs cannot be fingerprinted.
   *
   * @param moduleRoots the modules the build's packages live in
   * @param excluded absolute paths of the build's own outputs, which must not feed back in
   * @param settings every other input, by name (flags, environment, toolchain, base digest)
   */
  public static Optional<Fingerprint> compute(
      List<Path> moduleRoots, Set<Path> excluded, Map<String, String> settings) throws IOException {
    return compute(moduleRoots, excluded, settings, null, Map.of());
  }

  /**
   * As above, keeping file hashes under {@code cacheDir} (if not null) so that unchanged files are
   * not read again; {@code environment} is the build's (its GOWORK says where a workspace is).
   */
  public static Optional<Fingerprint> compute(
      List<Path> moduleRoots,
      Set<Path> excluded,
      Map<String, String> settings,
      Path cacheDir,
      Map<String, String> environment)
      throws IOException {
    List<String> lines = new ArrayList<>();
    new TreeMap<>(settings).forEach((k, v) -> lines.add("setting\t" + k + "\t" + v));
    Set<Path> trees = new LinkedHashSet<>();
    for (Path root : moduleRoots) {
      if (findWorkspace(root, environment.get("GOWORK")).isPresent()) {
        return Optional.empty();
      }
      trees.add(root);
      trees.addAll(LocalReplaces.of(root));
    }
    for (Path tree : trees) {
      if (!Files.isDirectory(tree)) {
        lines.add("tree\t" + tree + "\tmissing");
        continue;
      }
      lines.add("tree\t" + tree);
      FileHashCache cache =
          cacheDir == null ? FileHashCache.none() : FileHashCache.load(cacheDir, tree);
      for (String file : TreeHasher.hash(tree, IgnoreRules.load(tree), excluded, cache)) {
        lines.add("file\t" + file);
      }
      cache.save();
    }
    MessageDigest sha = Digest.newSha256();
    for (String line : lines) {
      sha.update(line.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    }
    return Optional.of(new Fingerprint(Digest.sha256(sha.digest()), lines));
  }

  /** A go.work above the module (unless GOWORK=off) changes what the build reads. */
  static Optional<Path> findWorkspace(Path moduleRoot, String gowork) {
    if ("off".equals(gowork)) {
      return Optional.empty();
    }
    if (gowork != null && !gowork.isEmpty()) {
      return Optional.of(Path.of(gowork));
    }
    for (Path d = moduleRoot.toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("go.work"))) {
        return Optional.of(d.resolve("go.work"));
      }
    }
    return Optional.empty();
  }
}
