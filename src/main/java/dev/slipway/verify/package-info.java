/**
 * {@code slipway verify}: reads an image's SLSA provenance from its registry, rebuilds it from a
 * checkout of the recorded source with every compile cache off, and compares the two layer by
 * layer, down to the first file that differs.
 */
package dev.slipway.verify;
