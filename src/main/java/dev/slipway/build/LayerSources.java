package dev.slipway.build;

import dev.slipway.core.RegistryException;
import dev.slipway.image.BaseImageResolver;
import dev.slipway.image.ImageLayer;
import dev.slipway.image.LayerFetcher;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a build's outputs get layer bytes, and how a damaged layer is made again: Slipway's own
 * layers are rebuilt from their sources (compression is deterministic, so the digest comes back the
 * same), a base layer is downloaded again from its repository.
 */
final class LayerSources implements LayerFetcher {
  private final LayerStage layers;
  private final BaseImageResolver bases;

  /**
   * @param bases the resolver of a pulled base, or null for a generated base or scratch
   */
  LayerSources(LayerStage layers, BaseImageResolver bases) {
    this.layers = layers;
    this.bases = bases;
  }

  @Override
  public Path fetch(ImageLayer layer) throws RegistryException, IOException {
    if (layers.made(layer.descriptor().digest()) || bases == null) {
      return LayerFetcher.localOnly().fetch(layer);
    }
    return bases.ensureLocal(layer);
  }

  @Override
  public boolean verified(ImageLayer layer) {
    return layers.written(layer.descriptor().digest())
        || (bases != null && bases.downloadedHere(layer));
  }

  @Override
  public Path repair(ImageLayer layer, String problem) throws RegistryException, IOException {
    if (layers.made(layer.descriptor().digest())) {
      return layers.rebuild(layer.descriptor().digest(), problem);
    }
    if (bases != null && layer.sourceRepository().isPresent()) {
      return bases.downloadAgain(layer);
    }
    return LayerFetcher.super.repair(layer, problem);
  }
}
