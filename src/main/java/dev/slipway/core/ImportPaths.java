package dev.slipway.core;

/** Facts about Go import paths that several stages need. */
public final class ImportPaths {
  private ImportPaths() {}

  /**
   * The name go gives a main package's binary: its last path element, but not a major-version
   * suffix ({@code example.com/cmd/tool/v2} is {@code tool}).
   */
  public static String commandName(String importPath) {
    String[] parts = importPath.split("/");
    String last = parts[parts.length - 1];
    if (parts.length > 1 && last.matches("v[0-9]+")) {
      return parts[parts.length - 2];
    }
    return last;
  }
}
