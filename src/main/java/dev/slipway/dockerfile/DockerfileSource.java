package dev.slipway.dockerfile;

/**
 * A Dockerfile of a repository and the build context it is built with, both relative to the
 * repository root (where slipway.yaml goes), slash-separated.
 *
 * @param dockerfile the Dockerfile, such as {@code src/frontend/Dockerfile}
 * @param context the context directory, such as {@code src/frontend}, or {@code .} for the root
 */
public record DockerfileSource(String dockerfile, String context) {
  public DockerfileSource {
    dockerfile = relative("dockerfile", dockerfile);
    context = relative("context", context);
  }

  private static String relative(String what, String path) {
    if (path == null || path.isEmpty() || path.startsWith("/")) {
      throw new IllegalArgumentException(what + " must be relative to the repository: " + path);
    }
    String clean = ImagePaths.clean(path.replace('\\', '/'));
    if (clean.equals("..") || clean.startsWith("../")) {
      throw new IllegalArgumentException(what + " is outside the repository: " + path);
    }
    return clean;
  }
}
