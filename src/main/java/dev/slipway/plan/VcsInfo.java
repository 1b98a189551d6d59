package dev.slipway.plan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The opt-in {@code org.opencontainers.image.*} labels read from git. They change on every commit,
 * which is why they are off by default: commit ids belong in tags.
 */
public final class VcsInfo {
  private VcsInfo() {}

  /** Runs git in {@code environment} (Slipway's: git finds its config through HOME). */
  public static Map<String, String> labels(Path dir, Map<String, String> environment)
      throws IOException {
    Map<String, String> labels = new LinkedHashMap<>();
    git(dir, environment, "rev-parse", "HEAD")
        .ifPresent(r -> labels.put("org.opencontainers.image.revision", r));
    git(dir, environment, "remote", "get-url", "origin")
        .map(VcsInfo::withoutCredentials)
        .ifPresent(u -> labels.put("org.opencontainers.image.source", u));
    return labels;
  }

  /** The commit checked out in {@code dir}, if it is a git checkout. */
  public static Optional<String> commit(Path dir, Map<String, String> environment)
      throws IOException {
    return git(dir, environment, "rev-parse", "HEAD");
  }

  /** Whether the checkout in {@code dir} has changes not committed (untracked files included). */
  public static boolean hasChanges(Path dir, Map<String, String> environment) throws IOException {
    return git(dir, environment, "status", "--porcelain").isPresent();
  }

  /** A remote URL may carry a token ({@code https://user:token@host/...}); it must never leak. */
  static String withoutCredentials(String url) {
    return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
  }

  private static Optional<String> git(Path dir, Map<String, String> environment, String... args)
      throws IOException {
    return GitCommand.output(dir, environment, args).map(String::strip).filter(o -> !o.isEmpty());
  }
}
