package dev.slipway.dockerfile;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packages a {@code go build} pattern with {@code ...} matches, found in the repository as go
 * would find them in the image: {@code go build -o /out/ ./...} is how many Dockerfiles build every
 * command of a module at once. Read without go: a directory is a package when it has a non-test
 * {@code .go} file, a main package when such a file says {@code package main}; build constraints
 * are not evaluated.
 */
final class PackagePatterns {
  private static final Pattern PACKAGE_CLAUSE =
      Pattern.compile("^\\s*package\\s+([\\p{L}_][\\p{L}\\p{N}_]*)", Pattern.MULTILINE);
  private static final Pattern COMMENTS = Pattern.compile("//[^\n]*|/\\*.*?\\*/", Pattern.DOTALL);

  private PackagePatterns() {}

  /** Whether {@code arg} is a pattern rather than one package. */
  static boolean isPattern(String arg) {
    return arg.contains("...");
  }

  /**
   * A package of the repository a pattern matched.
   *
   * @param dir its directory, relative to the repository root
   * @param rel its directory relative to the pattern's fixed prefix ({@code .} for the prefix
   *     itself)
   * @param main whether it is a main package
   */
  record Match(String dir, String rel, boolean main) {}

  /**
   * The packages under {@code baseDir} (relative to {@code root}) whose path relative to it matches
   * {@code relPattern}, the part of the pattern after that prefix ({@code ...}, {@code cmd/...}),
   * sorted. As go's {@code ./...}, it does not enter {@code testdata}, {@code vendor}, directories
   * starting with {@code .} or {@code _}, nor another module (a directory with its own go.mod).
   */
  static List<Match> match(Path root, String baseDir, String relPattern) throws IOException {
    Pattern pattern = regex(relPattern);
    List<Match> out = new ArrayList<>();
    walk(root, ImagePaths.clean(baseDir), ".", pattern, out);
    return out;
  }

  /**
   * Splits a pattern at the directory holding its first {@code ...}: {@code ./cmd/...} is {@code
   * ./cmd} and {@code ...}; {@code example.com/svc/cmd/a...} is {@code example.com/svc/cmd} and
   * {@code a...}.
   */
  static String[] split(String pattern) {
    String before = pattern.substring(0, pattern.indexOf("..."));
    int slash = before.lastIndexOf('/');
    if (slash < 0) {
      return new String[] {".", pattern};
    }
    String prefix = slash == 0 ? "/" : before.substring(0, slash);
    return new String[] {prefix, pattern.substring(slash + 1)};
  }

  /**
   * go's pattern rule: {@code ...} matches any string, slashes included, and a pattern ending in
   * {@code /...} matches its prefix too ({@code cmd/...} matches {@code cmd}).
   */
  static Pattern regex(String relPattern) {
    StringBuilder re = new StringBuilder();
    String rest = relPattern;
    boolean optionalTail = rest.endsWith("/...");
    if (optionalTail) {
      rest = rest.substring(0, rest.length() - "/...".length());
    }
    String[] parts = rest.split("\\.\\.\\.", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        re.append(".*");
      }
      re.append(Pattern.quote(parts[i]));
    }
    if (optionalTail) {
      re.append("(/.*)?");
    }
    return Pattern.compile(re.toString());
  }

  private static void walk(Path root, String dir, String rel, Pattern pattern, List<Match> out)
      throws IOException {
    Path path = root.resolve(dir);
    if (!Files.isDirectory(path)) {
      return;
    }
    Set<String> subdirs = new TreeSet<>();
    boolean isPackage = false;
    boolean main = false;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (Files.isDirectory(entry)) {
          if (!skipped(name) && !Files.exists(entry.resolve("go.mod"))) {
            subdirs.add(name);
          }
        } else if (name.endsWith(".go") && !name.endsWith("_test.go") && !skipped(name)) {
          isPackage = true;
          main |= "main".equals(packageName(entry));
        }
      }
    }
    if (isPackage && pattern.matcher(rel).matches()) {
      out.add(new Match(dir, rel, main));
    }
    for (String sub : subdirs) {
      walk(root, ImagePaths.join(dir, sub), rel.equals(".") ? sub : rel + "/" + sub, pattern, out);
    }
  }

  /** go ignores files and directories whose names start with {@code .} or {@code _}. */
  private static boolean skipped(String name) {
    return name.startsWith(".")
        || name.startsWith("_")
        || name.equals("testdata")
        || name.equals("vendor");
  }

  /** The name in a Go file's package clause, or null. */
  static String packageName(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      return null; // not Go source: go would refuse it too
    }
    Matcher m = PACKAGE_CLAUSE.matcher(COMMENTS.matcher(text).replaceAll(" "));
    return m.find() ? m.group(1) : null;
  }
}
