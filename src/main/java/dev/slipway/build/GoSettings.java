package dev.slipway.build;

import dev.slipway.core.SlipwayException;
import dev.slipway.plan.GoEnv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The user's go settings for one build, read with one {@code go env} in the first module (where
 * go.mod's toolchain line applies), only if a stage asks, and only once.
 */
final class GoSettings {
  static final List<String> NAMES =
      Stream.concat(
              ModuleStage.GO_ENV.stream(),
              Stream.of("GOVERSION", "GOHOSTOS", "GOHOSTARCH", "GOMODCACHE"))
          .toList();

  private final Path dir;
  private final Map<String, String> environment;
  private GoEnv values;

  GoSettings(Path dir, Map<String, String> environment) {
    this.dir = dir;
    this.environment = environment;
  }

  synchronized GoEnv get() throws SlipwayException, IOException {
    if (values == null) {
      values = GoEnv.read(dir, environment, NAMES.toArray(String[]::new));
    }
    return values;
  }
}
