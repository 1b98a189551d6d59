package dev.slipway.kube;

import dev.slipway.core.GoSpace;
import java.util.List;
import java.util.Locale;

/**
 * The Go package a {@code ko://} reference names: the value after the scheme, which must be one
 * main package that {@code go build} can be given.
 *
 * <p>ko itself asks {@code go list} (through {@code packages.Load}) whether the path names exactly
 * one {@code package main}, as ko's gobuild.go does in {@code IsSupportedReference}. Without go at
 * hand this check is the syntactic part of that: go's import path rules ({@code
 * module.CheckImportPath} in golang.org/x/mod), or a local path ({@code ./cmd/app}, as {@code
 * go/build.IsLocalImport} defines it, which go reads relative to the working directory). Patterns
 * ({@code ...}) and go's meta packages name many packages, which ko rejects too ("found N local
 * packages, expected 1"). Whether the package is a main package is left to the build.
 */
public record KoImportPath(String path) {
  /** The scheme that marks a string as a reference, ko's {@code StrictScheme} (strict.go). */
  public static final String SCHEME = "ko://";

  private static final List<String> META_PACKAGES = List.of("all", "std", "cmd", "tool", "work");
  private static final List<String> WINDOWS_NAMES =
      List.of(
          "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
          "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

  /** Checks {@code path}; an {@link IllegalArgumentException} says what is wrong with it. */
  public KoImportPath {
    if (path == null) {
      throw new IllegalArgumentException("the import path is missing");
    }
    String problem = problem(path);
    if (problem != null) {
      throw new IllegalArgumentException(SCHEME + path + " is not a valid import path: " + problem);
    }
  }

  /**
   * The import path of a reference such as {@code ko://github.com/x/y/cmd/app}: surrounding white
   * space trimmed as Go's {@code strings.TrimSpace} does (ko's resolve.go trims before it checks),
   * then the scheme removed.
   */
  public static KoImportPath ofReference(String reference) {
    String trimmed = GoSpace.trim(reference);
    if (!trimmed.startsWith(SCHEME)) {
      throw new IllegalArgumentException(
          "'" + reference + "' is not a reference: it does not start with " + SCHEME);
    }
    return new KoImportPath(trimmed.substring(SCHEME.length()));
  }

  /** {@code ko://} and the path, as the reference is written. */
  public String reference() {
    return SCHEME + path;
  }

  /** Whether go reads the path as a directory relative to its working directory. */
  public boolean local() {
    return isLocal(path);
  }

  private static boolean isLocal(String path) {
    return path.equals(".") || path.equals("..") || path.startsWith("./") || path.startsWith("../");
  }

  private static String problem(String path) {
    if (path.isEmpty()) {
      return "it is empty";
    }
    if (path.contains("...")) {
      return "'...' makes it a pattern, which may name many packages; name one main package";
    }
    if (META_PACKAGES.contains(path)) {
      return "'" + path + "' names many packages; name one main package";
    }
    if (path.startsWith("/")) {
      return "an absolute directory is not an import path; use the package's import path or a"
          + " path relative to the working directory (./cmd/app)";
    }
    if (path.charAt(0) == '-') {
      return "leading dash";
    }
    if (path.contains("//")) {
      return "double slash";
    }
    if (path.endsWith("/")) {
      return "trailing slash";
    }
    boolean local = isLocal(path);
    for (String element : path.split("/", -1)) {
      String problem = elementProblem(element, local);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /**
   * go's {@code checkElem} for import paths; a local path may step through {@code .} and {@code
   * ..}.
   */
  private static String elementProblem(String element, boolean local) {
    if (local && (element.equals(".") || element.equals(".."))) {
      return null;
    }
    if (element.chars().allMatch(c -> c == '.')) {
      return "invalid path element \"" + element + "\"";
    }
    if (element.endsWith(".")) {
      return "trailing dot in path element";
    }
    for (int i = 0; i < element.length(); ) {
      int c = element.codePointAt(i);
      if (!allowed(c)) {
        return "invalid char " + quoted(c);
      }
      i += Character.charCount(c);
    }
    int dot = element.indexOf('.');
    String shortName = dot >= 0 ? element.substring(0, dot) : element;
    if (WINDOWS_NAMES.contains(shortName.toUpperCase(Locale.ROOT))) {
      return "\"" + shortName + "\" disallowed as path element component on Windows";
    }
    int tilde = shortName.lastIndexOf('~');
    if (tilde >= 0
        && tilde < shortName.length() - 1
        && shortName.substring(tilde + 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
      return "trailing tilde and digits in path element";
    }
    return null;
  }

  private static boolean allowed(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-._~+".indexOf(c) >= 0;
  }

  private static String quoted(int c) {
    if (c == ' ') {
      return "' '";
    }
    if (c < 0x20 || c == 0x7f || Character.isWhitespace(c)) {
      return String.format(Locale.ROOT, "U+%04X", c);
    }
    return "'" + Character.toString(c) + "'";
  }

  @Override
  public String toString() {
    return reference();
  }
}
