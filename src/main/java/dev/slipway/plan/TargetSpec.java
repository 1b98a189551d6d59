package dev.slipway.plan;

import dev.slipway.core.ImageReference;
import dev.slipway.core.Platform;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything about one target once the command line, the environment, {@code slipway.yaml} and the
 * built-in defaults have been applied, in that order of precedence.
 *
 * @param name the image name the configuration gives; empty for the package's own name
 * @param repository where to push this image instead of {@code <push repository>/<name>}
 * @param tags more tags to push
 * @param base an image reference or {@link BuildRequest#SCRATCH}; empty for the generated base
 * @param platformsOfBase built for every platform of the pulled base ({@code --platform all}),
 *     which only the base's index can tell: {@code platforms} is a placeholder until {@link
 *     TargetSpecs#withBasePlatforms} sets them
 */
public record TargetSpec(
    Optional<String> name,
    Optional<ImageReference> repository,
    List<String> tags,
    Optional<String> base,
    List<Platform> platforms,
    BuildSettings build,
    ImageSpec image,
    boolean platformsOfBase) {
  public TargetSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(repository, "repository");
    tags = List.copyOf(tags);
    Objects.requireNonNull(base, "base");
    platforms = List.copyOf(platforms);
    if (platforms.isEmpty()) {
      throw new IllegalArgumentException("at least one platform is needed");
    }
    Objects.requireNonNull(build, "build");
    Objects.requireNonNull(image, "image");
  }

  /** This target built for {@code platforms}, which its base has. */
  public TargetSpec withPlatforms(List<Platform> platforms) {
    return new TargetSpec(name, repository, tags, base, platforms, build, image, false);
  }
}
