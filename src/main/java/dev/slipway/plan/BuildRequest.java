package dev.slipway.plan;

import dev.slipway.core.ImageReference;
import dev.slipway.core.Platform;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a user asked for in one {@code slipway build}, validated. The CLI builds it from
 * flags; library users build it directly.
 *
 * @param workDir the directory the build runs in (after {@code -C})
 * @param packages package arguments as given ({@code .}, {@code ./cmd/...}, a directory)
 * @param base the base image, or empty for the generated static base; {@link #SCRATCH} for none
 * @param buildEnv extra environment for {@code go build} ({@code --env K=V})
 * @param created the image creation time (SOURCE_DATE_EPOCH or the epoch)
 * @param offline never fetch modules from upstream: only Slipway's module store serves them
 * @param caches remote cache URLs, read in order after the local tier
 */
public record BuildRequest(
    Path workDir,
    List<String> packages,
    List<Platform> platforms,
    Optional<String> base,
    Optional<Path> caBundle,
    String ldflags,
    String tags,
    Map<String, String> buildEnv,
    boolean buildVcs,
    boolean vcsLabels,
    Map<String, String> labels,
    String compression,
    Outputs outputs,
    int jobs,
    Instant created,
    Path cacheDir,
    boolean offline,
    List<String> caches) {

  public static final String SCRATCH = "scratch";

  public BuildRequest {
    packages = packages.isEmpty() ? List.of(".") : List.copyOf(packages);
    platforms = List.copyOf(platforms);
    buildEnv = Map.copyOf(buildEnv);
    labels = Map.copyOf(labels);
    caches = List.copyOf(caches);
    if (platforms.isEmpty()) {
      throw new IllegalArgumentException("at least one platform is needed");
    }
    if (jobs < 1) {
      throw new IllegalArgumentException("-j must be at least 1, not " + jobs);
    }
  }

  /**
   * Where the images go. The OCI layout is written unless a tarball or push was asked for alone.
   */
  public record Outputs(
      Optional<Path> ociLayout,
      Optional<Path> tarball,
      Optional<ImageReference> push,
      List<String> extraTags,
      Set<String> insecureRegistries) {
    public Outputs {
      extraTags = List.copyOf(extraTags);
      insecureRegistries = Set.copyOf(insecureRegistries);
    }
  }
}
