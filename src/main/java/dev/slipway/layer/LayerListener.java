package dev.slipway.layer;

/**
 * Told what a layer build did, for build statistics and for tests. Both methods default to no-op.
 */
public interface LayerListener {
  LayerListener NONE = new LayerListener() {};

  /** The compressed blob was already in the store; nothing was compressed. */
  default void storeHit(Layer layer) {}

  /** The layer was compressed and stored, taking {@code nanos} for the compressing pass. */
  default void compressed(Layer layer, long nanos) {}
}
