package dev.slipway.build;

import dev.slipway.core.ModuleVersion;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.UsageException;
import dev.slipway.modfile.ModFile;
import dev.slipway.modfile.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * go's "missing go.sum entry" is bad input, like a malformed go.sum: exit 2, naming go.sum and the
 * module. It is recognised in go's own output rather than predicted, because only go knows which
 * modules a build needs (graph pruning and the packages imported decide it); guessing would refuse
 * builds that go accepts.
 */
final class GoSumErrors {
  /** go 1.16+: {@code missing go.sum entry for module providing package P (imported by ...)}. */
  private static final Pattern FOR_PACKAGE =
      Pattern.compile("missing go\\.sum entry for module providing package (\\S+)");

  /** {@code M@V: missing go.sum entry for go.mod file} (also after {@code verifying}). */
  private static final Pattern FOR_MODULE =
      Pattern.compile("(\\S+)@(\\S+): missing go\\.sum entry");

  private GoSumErrors() {}

  /** {@code e} as a usage error naming go.sum and the module if go said go.sum lacks an entry. */
  static SlipwayException explain(SlipwayException e, List<Path> moduleRoots) {
    String text = String.valueOf(e.getMessage());
    if (!text.contains("missing go.sum entry") || moduleRoots.isEmpty()) {
      return e;
    }
    Matcher module = FOR_MODULE.matcher(text);
    Matcher pkg = FOR_PACKAGE.matcher(text);
    String what;
    Path root = moduleRoots.get(0);
    if (module.find()) {
      String path = module.group(1).replaceFirst("^(?:go: |verifying )", "");
      what = "the go.mod of " + path + " " + module.group(2) + add(path);
    } else if (pkg.find()) {
      String imported = pkg.group(1);
      Optional<Located> found = provider(imported, moduleRoots);
      if (found.isPresent()) {
        root = found.get().root();
        String path = found.get().mv().path();
        what =
            "module "
                + path
                + " "
                + found.get().mv().version()
                + " (it provides package "
                + imported
                + ")"
                + add(path);
      } else {
        what = "the module that provides package " + imported + add(imported);
      }
    } else {
      what = "a module the build needs; run 'go mod tidy'";
    }
    String said =
        text.lines().filter(l -> l.contains("missing go.sum entry")).findFirst().orElse("").strip();
    return new UsageException(
        root.resolve("go.sum") + " has no entry for " + what + "\n(go said: " + said + ")", e);
  }

  private static String add(String path) {
    return "; add it with 'go mod download " + path + "' (or 'go mod tidy') and commit go.sum";
  }

  private record Located(Path root, ModuleVersion mv) {}

  /** The required module whose path is the longest prefix of {@code importPath}. */
  private static Optional<Located> provider(String importPath, List<Path> moduleRoots) {
    Located best = null;
    for (Path root : moduleRoots) {
      Path goMod = root.resolve("go.mod");
      if (!Files.isRegularFile(goMod)) {
        continue;
      }
      List<Require> requires;
      try {
        requires = ModFile.parse(goMod).requires();
      } catch (UsageException unreadable) {
        continue; // go would have said so first; the generic message still names go.sum
      }
      for (Require r : requires) {
        String path = r.mv().path();
        boolean provides = importPath.equals(path) || importPath.startsWith(path + "/");
        if (provides && (best == null || path.length() > best.mv().path().length())) {
          best = new Located(root, r.mv());
        }
      }
    }
    return Optional.ofNullable(best);
  }
}
