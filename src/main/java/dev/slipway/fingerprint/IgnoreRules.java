package dev.slipway.fingerprint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Patterns from a module's {@code .slipwayignore}: files that cannot affect the image (docs, editor
 * state). A pattern without a slash matches a file or directory name anywhere; one with a slash
 * matches a path from the module root; a trailing slash matches directories only.
 */
public final class IgnoreRules {
  public static final String FILE_NAME = ".slipwayignore";
  private final List<Rule> rules;

  private record Rule(PathMatcher matcher, boolean byName, boolean directoryOnly) {}

  private IgnoreRules(List<Rule> rules) {
    this.rules = rules;
  }

  public static IgnoreRules none() {
    return new IgnoreRules(List.of());
  }

  public static IgnoreRules load(Path moduleRoot) throws IOException {
    Path file = moduleRoot.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return none();
    }
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  public static IgnoreRules parse(List<String> lines) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean dirOnly = line.endsWith("/");
      if (dirOnly) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.startsWith("/")) {
        line = line.substring(1);
      }
      boolean byName = !line.contains("/");
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + line);
      rules.add(new Rule(matcher, byName, dirOnly));
    }
    return new IgnoreRules(rules);
  }

  /** True if {@code relative} (a path below the module root) is ignored. */
  public boolean ignores(Path relative, boolean directory) {
    for (Rule rule : rules) {
      if (rule.directoryOnly() && !directory) {
        continue;
      }
      Path subject = rule.byName() ? relative.getFileName() : relative;
      if (subject != null && rule.matcher().matches(subject)) {
        return true;
      }
    }
    return false;
  }
}
