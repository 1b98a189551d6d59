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
      String shown = entry.where().toString();
      if (!isGlob(entry.from())) {
        Path source = inside(root, projectDir.resolve(entry.from()).normalize(), entry);
        String to = clean(entry.to());
        if (entry.to().endsWith("/") && Files.isRegularFile(source)) {
          to = (to.equals("/") ? "" : to) + "/" + source.getFileName(); // into that directory
        }
        out.add(new AddedFile(root, source, to, entry.mode(), shown));
        continue;
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
