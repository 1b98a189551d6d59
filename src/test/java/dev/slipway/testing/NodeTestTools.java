package dev.slipway.testing;

import java.nio.file.Path;

/**
 * The Node tools of scripts/test-tools/npm (gitlab-ci-local), which scripts/install-deps installs
 * with {@code npm ci} into the user's cache under a name from the hash of that directory's
 * package-lock.json (the same rule as the script's).
 */
public final class NodeTestTools {
  private static final Path LOCK = Path.of("scripts/test-tools/npm/package-lock.json");

  private NodeTestTools() {}

  /** gitlab-ci-local, which runs a .gitlab-ci.yml as a GitLab runner would. */
  public static Path gitlabCiLocal() {
    Path dir = TestToolsCache.installed(TestToolsCache.dir("npm", LOCK), "Node test tools");
    return dir.resolve("node_modules/.bin/gitlab-ci-local");
  }
}
