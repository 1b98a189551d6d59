package dev.slipway.image;

import dev.slipway.core.RegistryException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Gives the local file of a layer, fetching a base layer's bytes when they are not here yet, and
 * makes a layer's bytes again when an output finds them damaged. Outputs check every byte they copy
 * or upload against the layer's digest (the copy reads them anyway), except bytes this process
 * wrote and hashed itself ({@link #verified}).
 */
@FunctionalInterface
public interface LayerFetcher {
  Path fetch(ImageLayer layer) throws RegistryException, IOException;

  /**
   * True when the file {@link #fetch} gives was written by this process and hashed as it was
   * written (a layer compressed or downloaded by this build), so reading it need not hash it again.
   */
  default boolean verified(ImageLayer layer) {
    return false;
  }

  /**
   * The file {@link #fetch} gave does not hold the layer ({@code problem} says how): replaces it
   * with good bytes, rebuilt from the layer's sources or downloaded again, and returns the new
   * file. Throws when the layer cannot be made again.
   */
  default Path repair(ImageLayer layer, String problem) throws RegistryException, IOException {
    throw new IOException(problem + "; Slipway cannot make this layer again here");
  }

  /** For images whose layers are all local: no fetching or repairing possible. */
  static LayerFetcher localOnly() {
    return layer ->
        layer
            .local()
            .orElseThrow(
                () -> new IOException("layer " + layer.descriptor().digest() + " is not local"));
  }
}
