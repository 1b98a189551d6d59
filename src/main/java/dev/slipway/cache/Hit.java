package dev.slipway.cache;

import java.nio.file.Path;

/**
 * A cached action whose body is on local disk, verified.
 *
 * @param record what the action produced
 * @param path the body in the local tier ({@code blobs/sha256/<hex>}); never modify it
 * @param tier where it was found: {@code local} or a remote's name
 */
public record Hit(ActionRecord record, Path path, String tier) {}
