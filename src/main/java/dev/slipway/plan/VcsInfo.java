package dev.slipway.plan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        .flatMap(VcsInfo::sourceUrl)
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

  /**
   * The origin as a URL a registry can link: {@code https://host/path} for the https, ssh, git and
   * scp-like ({@code git@host:owner/repo}) forms, http kept as http, without any user or token (a
   * remote URL may carry one, and it must never leak) or ssh port. A local path or {@code file:}
   * URL names this machine, not a place anyone can visit: empty, and the label is left out.
   */
  static Optional<String> sourceUrl(String origin) {
    String url = origin.strip();
    Matcher scheme = SCHEME.matcher(url);
    if (scheme.matches()) {
      String name = scheme.group(1).toLowerCase(java.util.Locale.ROOT);
      String host = scheme.group(2);
      String path = scheme.group(3) == null ? "" : scheme.group(3);
      if (host.isEmpty() || name.equals("file")) {
        return Optional.empty();
      }
      return switch (name) {
        case "https", "http" -> Optional.of(name + "://" + host + path);
        case "ssh", "git", "git+ssh", "ssh+git" ->
            Optional.of("https://" + host.replaceFirst(":\\d+$", "") + path);
        default -> Optional.empty();
      };
    }
    Matcher scp = SCP.matcher(url);
    if (scp.matches()) {
      return Optional.of("https://" + scp.group(1) + "/" + scp.group(2));
    }
    return Optional.empty();
  }

  /** {@code scheme://[user[:token]@]host[:port]/path}: the host keeps its port, the user goes. */
  private static final Pattern SCHEME =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://(?:[^/@]*@)?([^/]*)(/.*)?");

  /** git's scp-like form, {@code [user@]host:path}, whose path does not start with a slash. */
  private static final Pattern SCP = Pattern.compile("(?:[^@/:]+@)?([^@/:]+):(?!/)(.+)");

  private static Optional<String> git(Path dir, Map<String, String> environment, String... args)
      throws IOException {
    return GitCommand.output(dir, environment, args).map(String::strip).filter(o -> !o.isEmpty());
  }
}
