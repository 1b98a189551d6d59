package dev.slipway.plan;

import dev.slipway.config.FileMapping;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns a configuration's {@code files} entries into files of the project: a path, or a glob whose
 * matches keep their paths below the glob's first wildcard. Everything must exist and lie inside
 * the project, symlinks resolved: a link out of it would put host files into an image.
 */
final class AddedFiles {
  private AddedFiles() {}

  static List<AddedFile> resolve(Path projectDir, List<FileMapping> entries)
      throws UsageException, IOException {
    Path root = projectDir.toRealPath();
    List<AddedFile> out = new ArrayList<>();
    for (FileMapping entry : entries) {
      ExcludeRules rules = ExcludeRules.of(entry.exclude());
      for (AddedFile f : resolve(projectDir, root, entry)) {
        out.addAll(rules.isEmpty() ? List.of(f) : without(f, rules, projectDir, entry));
      }
    }
    return List.copyOf(out);
  }

  /**
   * {@code file} less what {@code rules} exclude: a directory becomes the files below it that are
   * left, each an entry of its own (so that the layer holds no more than Docker's copy would).
   */
  private static List<AddedFile> without(
      AddedFile file, ExcludeRules rules, Path projectDir, FileMapping entry)
      throws UsageException, IOException {
    Path base = projectDir.toAbsolutePath().normalize();
    Path logical = base.resolve(file.project().relativize(file.source()));
    if (!Files.isDirectory(file.source())) {
      if (rules.excludes(relative(base, logical)) && isGlob(entry.from())) {
        return List.of(); // one match of the glob, left out
      }
      if (rules.excludes(relative(base, logical))) {
        throw new UsageException(
            entry.where() + ": " + entry.from() + " is left out by this entry's own exclude");
      }
      return List.of(file);
    }
    List<AddedFile> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(file.source())) {
      for (Path p : walk.sorted().toList()) {
        String rel = file.source().relativize(p).toString();
        if (rel.isEmpty()
            || Files.isDirectory(p)
            || rules.excludes(relative(base, logical.resolve(rel)))) {
          continue;
        }
        out.add(
            new AddedFile(
                file.project(),
                inside(file.project(), p, entry),
                (file.target().equals("/") ? "" : file.target()) + "/" + rel,
                file.mode(),
                file.shown()));
      }
    }
    return out;
  }

  private static String relative(Path base, Path path) {
    return base.relativize(path).toString().replace('\\', '/');
  }

  private static List<AddedFile> resolve(Path projectDir, Path root, FileMapping entry)
      throws UsageException, IOException {
    List<AddedFile> out = new ArrayList<>();
    String shown = entry.where().toString();
    if (!isGlob(entry.from())) {
      Path source = inside(root, projectDir.resolve(entry.from()).normalize(), entry);
      String to = clean(entry.to());
      if (entry.to().endsWith("/") && Files.isRegularFile(source)) {
        to = (to.equals("/") ? "" : to) + "/" + source.getFileName(); // into that directory
      }
      out.add(new AddedFile(root, source, to, entry.mode(), shown));
      return out;
    }
    Path prefix = projectDir;
    for (Path element : Path.of(entry.from())) {
      if (isGlob(element.toString())) {
        break;
      }
      prefix = prefix.resolve(element);
    }
    PathMatcher matcher =
        FileSystems.getDefault().getPathMatcher("glob:" + projectDir.resolve(entry.from()));
    List<Path> matches = new ArrayList<>();
    if (Files.isDirectory(prefix)) {
      try (Stream<Path> walk = Files.walk(prefix)) {
        walk.filter(matcher::matches).sorted().forEach(matches::add);
      }
    }
    if (matches.isEmpty()) {
      throw new UsageException(shown + ": no file matches " + entry.from());
    }
    for (Path match : matches) {
      if (matches.stream().anyMatch(m -> !m.equals(match) && match.startsWith(m))) {
        continue; // inside a directory that goes in whole
      }
      String below = prefix.relativize(match).toString();
      out.add(
          new AddedFile(
              root,
              inside(root, match, entry),
              clean(entry.to()) + "/" + below,
              entry.mode(),
              shown));
    }
    return List.copyOf(out);
  }

  private static boolean isGlob(String path) {
    return path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  private static String clean(String imagePath) {
    String p = Path.of(imagePath).normalize().toString();
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static Path inside(Path root, Path path, FileMapping entry)
      throws UsageException, IOException {
    if (!Files.exists(path)) {
      throw new UsageException(
          entry.where() + ": " + entry.from() + ": no such file or directory in " + root);
    }
    Path real = path.toRealPath();
    if (!real.startsWith(root)) {
      throw new UsageException(
          entry.where()
              + ": "
              + entry.from()
              + " lies outside the project (it resolves to "
              + real
              + ")");
    }
    return real;
  }
}
