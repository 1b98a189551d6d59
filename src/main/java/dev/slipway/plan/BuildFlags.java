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
    boolean offline,
    Integer jobs) {
  public BuildFlags {
    packages = List.copyOf(packages);
    tags = List.copyOf(tags);
    insecureRegistries = List.copyOf(insecureRegistries);
    buildEnv = List.copyOf(buildEnv);
    labels = List.copyOf(labels);
  }
}
