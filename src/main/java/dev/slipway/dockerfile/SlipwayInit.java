package dev.slipway.dockerfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The library behind {@code slipway init}: finds a repository's Dockerfiles, translates each, and
 * gives the plan {@link SlipwayYamlWriter} writes as slipway.yaml.
 */
public final class SlipwayInit {
  private SlipwayInit() {}

  /**
   * The plan for the repository at {@code root}.
   *
   * @throws IOException when the repository cannot be read
   */
  public static InitPlan plan(Path root, InitOptions options) throws IOException {
    return plan(root, DockerfileDiscovery.find(root).sources(), options);
  }

  /** The plan for the given Dockerfiles of the repository at {@code root}. */
  public static InitPlan plan(Path root, List<DockerfileSource> sources, InitOptions options)
      throws IOException {
    List<Translation> translations = new ArrayList<>();
    for (DockerfileSource source : sources) {
      translations.add(Translator.translate(root, source, options));
    }
    return InitPlan.of(translations);
  }
}
