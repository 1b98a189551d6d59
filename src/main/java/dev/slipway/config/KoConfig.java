package dev.slipway.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project's {@code .ko.yaml}, as ko defines it, so that ko users build with no change. Every part
 * is empty when not written.
 *
 * @param file where it was read from, or where it would be
 * @param defaultBaseImage the base of every image without an override
 * @param baseImageOverrides bases by main package import path
 * @param builds per-package go settings, in the order written
 * @param defaultPlatforms for packages and flags that name none
 * @param defaultEnv {@code KEY=VALUE} entries for builds without {@code env}
 * @param defaultFlags for builds without {@code flags}
 * @param defaultLdflags for builds without {@code ldflags}
 * @param ignored keys ko ignores, and so Slipway does: worth a warning, since a typo lands here
 */
public record KoConfig(
    Path file,
    Optional<Located<String>> defaultBaseImage,
    Map<String, Located<String>> baseImageOverrides,
    List<KoBuild> builds,
    Optional<List<Located<String>>> defaultPlatforms,
    Optional<List<Located<String>>> defaultEnv,
    Optional<List<Located<String>>> defaultFlags,
    Optional<List<Located<String>>> defaultLdflags,
    List<Located<String>> ignored) {
  /** The file name ko looks for in the working directory. */
  public static final String FILE_NAME = ".ko.yaml";

  public KoConfig {
    baseImageOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(baseImageOverrides));
    builds = List.copyOf(builds);
    ignored = List.copyOf(ignored);
  }

  /** Nothing written in {@code file}, or no such file. */
  public static KoConfig none(Path file) {
    return new KoConfig(
        file,
        Optional.empty(),
        Map.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  /** True if nothing was written (or there is no file). */
  public boolean isEmpty() {
    return defaultBaseImage.isEmpty()
        && baseImageOverrides.isEmpty()
        && builds.isEmpty()
        && defaultPlatforms.isEmpty()
        && defaultEnv.isEmpty()
        && defaultFlags.isEmpty()
        && defaultLdflags.isEmpty();
  }
}
