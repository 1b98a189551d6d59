package dev.slipway.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A target's section of {@code slipway.yaml} (or the {@code defaults} section, which has no {@code
 * main}, {@code repository} or {@code tags}), as written: every part empty when not given.
 *
 * @param main the Go main package, relative to the configuration file's directory
 * @param repository the repository to push this image to, instead of the push repository's {@code
 *     /<name>}
 * @param tags more tags to push
 * @param base an image reference, or {@code scratch}
 * @param files extra files, one layer of their own
 * @param entrypoint replaces {@code /app/<name>}
 * @param args the image's Cmd
 * @param ports the image's ExposedPorts, {@code 8080} or {@code 8080/tcp} or {@code 53/udp}
 * @param annotations manifest annotations
 */
public record TargetConfig(
    Optional<Located<String>> main,
    Optional<Located<String>> repository,
    Optional<List<Located<String>>> tags,
    Optional<Located<String>> base,
    Optional<List<Located<String>>> platforms,
    BuildConfig build,
    Optional<List<FileMapping>> files,
    Optional<Located<String>> workdir,
    Optional<Map<String, Located<String>>> env,
    Optional<List<Located<String>>> entrypoint,
    Optional<List<Located<String>>> args,
    Optional<Located<String>> user,
    Optional<List<Located<String>>> ports,
    Optional<Map<String, Located<String>>> labels,
    Optional<Map<String, Located<String>>> annotations) {

  /** A layer that says only how to build: a base, platforms and go settings. */
  public static TargetConfig ofBuild(
      Optional<Located<String>> base,
      Optional<List<Located<String>>> platforms,
      BuildConfig build) {
    return new TargetConfig(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        base,
        platforms,
        build,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** Nothing written. */
  public static final TargetConfig EMPTY =
      ofBuild(Optional.empty(), Optional.empty(), BuildConfig.EMPTY);
}
