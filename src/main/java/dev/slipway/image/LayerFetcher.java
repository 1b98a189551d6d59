package dev.slipway.image;

import dev.slipway.core.RegistryException;
import java.io.IOException;
import java.nio.file.Path;

/** Gives the local file of a layer, fetching a base layer's bytes when they are not here yet. */
@FunctionalInterface
public interface LayerFetcher {
  Path fetch(ImageLayer layer) throws RegistryException, IOException;

  /** For images whose layers are all local: no fetching possible. */
  static LayerFetcher localOnly() {
    return layer ->
        layer
            .local()
            .orElseThrow(
                () -> new IOException("layer " + layer.descriptor().digest() + " is not local"));
  }
}
