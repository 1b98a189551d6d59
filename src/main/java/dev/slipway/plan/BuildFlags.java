package dev.slipway.plan;

import java.nio.file.Path;
import java.util.List;

/**
 * The flags of {@code slipway build} as given, before any check: null or empty when not given.
 * Paths are already resolved against where Slipway was started.
 */
public record BuildFlags(
    Path workDir,
    List<String> packages,
    Path config,
    String platform,
    String base,
    Path caBundle,
    Path ociLayout,
    Path tarball,
    String push,
    List<String> tags,
    List<String> insecureRegistries,
    String ldflags,
    String buildTags,
    List<String> buildEnv,
    List<String> labels,
    boolean buildVcs,
    boolean vcsLabels,
    String compression,
    String sbom,
    boolean provenance,
    Path signKey,
    boolean offline,
    Integer jobs,
    ImageFlags image) {
  /**
   * The flags ko users know, spelled as ko spells them.
   *
   * @param naming the naming modes given ({@code bare}, {@code base-import-paths}, {@code
   *     preserve-import-paths}); at most one may be
   * @param refs {@code --image-refs}
   * @param labels {@code --image-label}, each {@code K=V[,K=V]}
   * @param annotations {@code --image-annotation}, each {@code K=V[,K=V]}
   * @param user {@code --image-user}
   */
  public record ImageFlags(
      List<String> naming, Path refs, List<String> labels, List<String> annotations, String user) {
    public static final ImageFlags NONE =
        new ImageFlags(List.of(), null, List.of(), List.of(), null);

    public ImageFlags {
      naming = List.copyOf(naming);
      labels = List.copyOf(labels);
      annotations = List.copyOf(annotations);
    }
  }

  public BuildFlags {
    packages = List.copyOf(packages);
    tags = List.copyOf(tags);
    insecureRegistries = List.copyOf(insecureRegistries);
    buildEnv = List.copyOf(buildEnv);
    labels = List.copyOf(labels);
  }
}
