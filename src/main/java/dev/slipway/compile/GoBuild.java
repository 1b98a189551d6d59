package dev.slipway.compile;

import dev.slipway.core.Platform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One {@code go build} invocation: several main packages of one module, for one platform, written
 * into a stable directory so that go can tell an up-to-date binary and skip relinking.
 *
 * @param flags the user's own go build flags (say {@code -gcflags=...}, {@code -mod=mod}), after
 *     Slipway's
 */
public record GoBuild(
    Path moduleRoot,
    List<String> importPaths,
    Platform platform,
    List<String> flags,
    String ldflags,
    String tags,
    boolean buildVcs,
    Map<String, String> env,
    Path outputDir) {
  public GoBuild {
    importPaths = List.copyOf(importPaths);
    flags = List.copyOf(flags);
    env = Map.copyOf(env);
  }
}
