/**
 * Reproducible image layers, compressed once.
 *
 * <p>A {@link dev.slipway.layer.LayerBuilder} collects {@link dev.slipway.layer.LayerEntry}s and
 * writes them as a deterministic tar: sorted, explicit parents, fixed mtime, numeric owners only.
 * The tar is hashed first (its diffID); the {@link dev.slipway.layer.LayerStore} maps that diffID
 * to an already compressed blob, so a layer whose content did not change is never compressed again.
 * {@link dev.slipway.layer.StaticBaseLayer}, {@link dev.slipway.layer.KodataLayer} and {@link
 * dev.slipway.layer.BinaryLayer} produce the entries of Slipway's default image.
 */
package dev.slipway.layer;
