package dev.slipway.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A target's {@code build} section: how go builds it. Each part is empty when not written, so that
 * a target's section can fall back to the defaults part by part.
 *
 * @param env environment for {@code go build}
 * @param flags go build flags other than {@code -o}, {@code -ldflags} and {@code -tags}
 * @param ldflags joined with spaces, as ko joins them
 * @param tags build tags
 */
public record BuildConfig(
    Optional<Map<String, Located<String>>> env,
    Optional<List<Located<String>>> flags,
    Optional<List<Located<String>>> ldflags,
    Optional<List<Located<String>>> tags) {
  public static final BuildConfig EMPTY =
      new BuildConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
}
