package dev.slipway.plan;

import java.util.List;
import java.util.Map;

/**
 * How go builds a target: targets of one module with equal settings share one {@code go build}.
 *
 * @param env environment for go build, over the user's own
 * @param flags go build flags besides Slipway's own, {@code -ldflags} and {@code -tags}
 * @param ldflags {@code -ldflags}, empty for none
 * @param tags {@code -tags}, comma-separated, empty for none
 */
public record BuildSettings(
    Map<String, String> env, List<String> flags, String ldflags, String tags) {
  public static final BuildSettings NONE = new BuildSettings(Map.of(), List.of(), "", "");

  public BuildSettings {
    env = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(env));
    flags = List.copyOf(flags);
  }
}
