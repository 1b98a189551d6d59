package dev.slipway.plan;

import dev.slipway.core.ImageReference;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a user asked for in one {@code slipway build}, validated. The CLI builds it from
 * flags, the environment and the project's configuration ({@link Requests}); library users build it
 * directly.
 *
 * @param workDir the directory the build runs in (after {@code -C})
 * @param packages package arguments as given ({@code .}, {@code ./cmd/...}, a directory); none
 *     means the configured targets, else {@code .}
 * @param targets each target's settings (platforms, base, build settings, image contents)
 * @param caBundle the CA bundle of the generated base, instead of the host's
 * @param created the image creation time (SOURCE_DATE_EPOCH or the epoch)
 * @param offline never fetch modules from upstream: only Slipway's module store serves them
 * @param caches remote cache URLs, read in order after the local tier
 * @param attestations the SBOMs, provenance and signatures attached to each image
 */
public record BuildRequest(
    Path workDir,
    List<String> packages,
    TargetSpecs targets,
    Optional<Path> caBundle,
    boolean buildVcs,
    boolean vcsLabels,
    String compression,
    Attestations attestations,
    Outputs outputs,
    int jobs,
    Instant created,
    Path cacheDir,
    boolean offline,
    List<String> caches) {

  public static final String SCRATCH = "scratch";

  public BuildRequest {
    if (packages.isEmpty()) {
      packages = targets.packages().isEmpty() ? List.of(".") : targets.packages();
    }
    packages = List.copyOf(packages);
    caches = List.copyOf(caches);
    java.util.Objects.requireNonNull(attestations, "attestations");
    if (jobs < 1) {
      throw new IllegalArgumentException("-j must be at least 1, not " + jobs);
    }
  }

  /** This request with {@code targets} instead of its own. */
  public BuildRequest withTargets(TargetSpecs targets) {
    return new BuildRequest(
        workDir,
        packages,
        targets,
        caBundle,
        buildVcs,
        vcsLabels,
        compression,
        attestations,
        outputs,
        jobs,
        created,
        cacheDir,
        offline,
        caches);
  }

  /**
   * Where the images go. The OCI layout is written unless a tarball or push was asked for alone.
   *
   * @param naming how each target's repository follows from {@code push}
   * @param imageRefs where to list the pushed references, one per line, as ko's {@code
   *     --image-refs}
   */
  public record Outputs(
      Optional<Path> ociLayout,
      Optional<Path> tarball,
      Optional<ImageReference> push,
      List<String> extraTags,
      Set<String> insecureRegistries,
      ImageNaming naming,
      Optional<Path> imageRefs) {
    public Outputs {
      extraTags = List.copyOf(extraTags);
      insecureRegistries = Set.copyOf(insecureRegistries);
      java.util.Objects.requireNonNull(naming, "naming");
      java.util.Objects.requireNonNull(imageRefs, "imageRefs");
    }

    /** Every target under Slipway's own naming, and no list of references. */
    public Outputs(
        Optional<Path> ociLayout,
        Optional<Path> tarball,
        Optional<ImageReference> push,
        List<String> extraTags,
        Set<String> insecureRegistries) {
      this(
          ociLayout,
          tarball,
          push,
          extraTags,
          insecureRegistries,
          ImageNaming.SLIPWAY,
          Optional.empty());
    }
  }
}
