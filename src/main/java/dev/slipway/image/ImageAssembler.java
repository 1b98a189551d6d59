package dev.slipway.image;

import dev.slipway.core.Digest;
import dev.slipway.core.Platform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts a base, Slipway's layers and a config together into a single-platform image, and several of
 * those into an index. It only arranges bytes it is given: no I/O, so it is easy to test.
 */
public final class ImageAssembler {
  private static final String SYSTEM_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private ImageAssembler() {}

  /** A layer Slipway made, with a history line saying what it holds. */
  public record OwnLayer(ImageLayer layer, String createdBy) {}

  public static PlatformImage assemble(
      Platform platform,
      BaseImage base,
      List<OwnLayer> own,
      List<String> entrypoint,
      ImageSettings settings)
      throws IOException {
    ImageConfig config =
        base.config().isPresent()
            ? ImageConfig.extending(base.config().get())
            : ImageConfig.scratch();
    if (base.config().isPresent() && config.diffIds().size() != base.layers().size()) {
      throw new IOException(
          "base image config lists "
              + config.diffIds().size()
              + " layers but its manifest has "
              + base.layers().size());
    }
    config.platform(platform).created(settings.created());
    List<ImageLayer> layers = new ArrayList<>(base.layers());
    if (base.config().isEmpty()) {
      for (ImageLayer l : base.layers()) {
        config.addLayer(l.diffId(), "slipway: generated base", settings.created());
      }
    }
    for (OwnLayer l : own) {
      layers.add(l.layer());
      config.addLayer(l.layer().diffId(), l.createdBy(), settings.created());
    }
    Map<String, String> env = new LinkedHashMap<>();
    if (base.config().isEmpty()) {
      env.put("PATH", SYSTEM_PATH);
    }
    env.putAll(settings.env());
    config.env(env).entrypoint(entrypoint).cmd(settings.cmd()).user(settings.user());
    config.labels(settings.labels()).exposedPorts(settings.ports());
    settings.workdir().ifPresent(config::workingDir);
    byte[] configBytes = config.toBytes();
    Descriptor configDescriptor =
        Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256Of(configBytes), configBytes.length);
    byte[] manifestBytes =
        Manifests.manifest(
            configDescriptor,
            layers.stream().map(ImageLayer::descriptor).toList(),
            settings.annotations());
    Descriptor manifest =
        Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256Of(manifestBytes), manifestBytes.length)
            .withPlatform(platform);
    return new PlatformImage(
        platform, manifest, manifestBytes, configDescriptor, configBytes, layers);
  }

  /** One platform gives its manifest; several give an index over them. */
  public static TargetImage target(String name, String importPath, List<PlatformImage> images) {
    return target(name, importPath, images, Map.of());
  }

  /** As above, with the index annotated as each manifest is. */
  public static TargetImage target(
      String name, String importPath, List<PlatformImage> images, Map<String, String> annotations) {
    if (images.size() == 1) {
      PlatformImage only = images.get(0);
      return new TargetImage(
          name, importPath, images, only.manifest(), only.manifestBytes(), List.of());
    }
    byte[] index =
        Manifests.index(images.stream().map(PlatformImage::manifest).toList(), annotations);
    Descriptor root = Descriptor.of(MediaTypes.OCI_INDEX, Digest.sha256Of(index), index.length);
    return new TargetImage(name, importPath, images, root, index, List.of());
  }
}
