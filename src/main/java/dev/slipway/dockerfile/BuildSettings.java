package dev.slipway.dockerfile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A target's {@code build} section.
 *
 * @param env variables for go, such as {@code CGO_ENABLED}
 * @param flags go build flags other than {@code -o}, {@code -ldflags} and {@code -tags}
 * @param ldflags the {@code -ldflags} arguments
 * @param tags build tags
 */
public record BuildSettings(
    Map<String, String> env, List<String> flags, List<String> ldflags, List<String> tags) {
  /** No settings. */
  public static final BuildSettings NONE =
      new BuildSettings(Map.of(), List.of(), List.of(), List.of());

  public BuildSettings {
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    flags = List.copyOf(flags);
    ldflags = List.copyOf(ldflags);
    tags = List.copyOf(tags);
  }

  /** Whether there is nothing to write. */
  public boolean isEmpty() {
    return env.isEmpty() && flags.isEmpty() && ldflags.isEmpty() && tags.isEmpty();
  }
}
