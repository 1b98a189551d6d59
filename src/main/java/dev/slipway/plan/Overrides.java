package dev.slipway.plan;

import dev.slipway.core.Platform;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the command line (and the environment standing in for it) says about every target. An empty
 * value was not given, so the configuration decides; a map adds to the configuration's, replacing
 * values of the same names.
 *
 * @param platforms an empty list is {@code --platform all}: every platform of the base
 * @param annotations manifest annotations ({@code --image-annotation})
 * @param user the image's user ({@code --image-user})
 */
public record Overrides(
    Optional<List<Platform>> platforms,
    Optional<String> base,
    Optional<String> ldflags,
    Optional<String> tags,
    Map<String, String> buildEnv,
    Map<String, String> labels,
    Map<String, String> annotations,
    Optional<String> user) {
  public static final Overrides NONE =
      new Overrides(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Map.of(),
          Map.of(),
          Map.of(),
          Optional.empty());

  public Overrides {
    platforms = platforms.map(List::copyOf);
    buildEnv = Collections.unmodifiableMap(new LinkedHashMap<>(buildEnv));
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
  }
}
