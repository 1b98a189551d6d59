/**
 * The compile-action store that GOCACHEPROG sits on.
 *
 * <p>{@link dev.slipway.cache.TieredCache} reads through the {@link dev.slipway.cache.LocalCache}
 * first and then each {@link dev.slipway.cache.RemoteStore} in order; a remote hit is verified
 * against its SHA-256 and fills the local tier. Writes land locally at once and go to the remotes
 * in the background. A remote that fails is switched off with one warning, and the build goes on
 * locally. Backends: {@link dev.slipway.cache.HttpStore} (bazel-remote {@code /ac/} and {@code
 * /cas/}), {@link dev.slipway.cache.RedisStore} and {@link dev.slipway.cache.OciStore}; {@link
 * dev.slipway.cache.RemoteStores} picks one from a {@code --cache} URL.
 */
package dev.slipway.cache;
