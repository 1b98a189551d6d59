package dev.slipway.plan;

import dev.slipway.core.Platform;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the command line (and the environment standing in for it) says about every target. An empty
 * value was not given, so {@code slipway.yaml} decides; a map adds to the configuration's,
 * replacing values of the same names.
 */
public record Overrides(
    Optional<List<Platform>> platforms,
    Optional<String> base,
    Optional<String> ldflags,
    Optional<String> tags,
    Map<String, String> buildEnv,
    Map<String, String> labels) {
  public static final Overrides NONE =
      new Overrides(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Map.of(),
          Map.of());

  public Overrides {
    platforms = platforms.map(List::copyOf);
    buildEnv = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildEnv));
    labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
  }
}
