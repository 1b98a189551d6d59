package dev.slipway.layer;

import java.nio.file.Path;

/** The layer holding a target's binary: {@code /app} (0755) and {@code /app/<name>} (0555), 0:0. */
public final class BinaryLayer {
  /** The directory binaries are installed in. */
  public static final String APP_DIR = "/app";

  private BinaryLayer() {}

  /**
   * Entries for {@code binary} installed as {@code /app/<name>}. Read-only and executable for all,
   * so the image runs as nonroot without owning its own binary. {@code name} must be a single path
   * component.
   */
  public static LayerBuilder entries(String name, Path binary) {
    if (name == null
        || name.isEmpty()
        || name.contains("/")
        || name.equals(".")
        || name.equals("..")) {
      throw new IllegalArgumentException("binary name must be a single file name, not: " + name);
    }
    return new LayerBuilder()
        .add(LayerEntry.directory(APP_DIR, 0755))
        .add(LayerEntry.file(APP_DIR + "/" + name, 0555, binary));
  }

  /** The path of the binary inside the image, for the config's entrypoint. */
  public static String entrypoint(String name) {
    return APP_DIR + "/" + name;
  }
}
