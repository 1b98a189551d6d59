package dev.slipway.publish;

import dev.slipway.core.Platform;
import dev.slipway.image.BaseImage;
import dev.slipway.image.Descriptor;
import dev.slipway.image.ImageAssembler;
import dev.slipway.image.ImageLayer;
import dev.slipway.image.ImageSettings;
import dev.slipway.image.PlatformImage;
import dev.slipway.image.TargetImage;
import dev.slipway.layer.Compression;
import dev.slipway.layer.Layer;
import dev.slipway.layer.LayerBuilder;
import dev.slipway.layer.LayerEntry;
import dev.slipway.layer.LayerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-made target images with real layers in a real {@link LayerStore}. */
final class TestTargets {
  private final LayerStore store;

  TestTargets(Path cacheDir) {
    this.store = new LayerStore(cacheDir.resolve("layers"));
  }

  ImageLayer layer(String path, String content) throws IOException {
    Layer layer =
        new LayerBuilder()
            .add(LayerEntry.file(path, 0555, content.getBytes(StandardCharsets.UTF_8)))
            .build(store, Compression.GZIP);
    return new ImageLayer(
        Descriptor.of(layer.mediaType(), layer.digest(), layer.size()),
        layer.diffId(),
        layer.blob(),
        null);
  }

  TargetImage target(String name, Platform... platforms) throws IOException {
    ImageLayer base = layer("etc/base", "base layer");
    List<PlatformImage> images = new ArrayList<>();
    for (Platform p : platforms) {
      ImageLayer binary = layer("app/" + name, "binary of " + name + " for " + p);
      images.add(
          ImageAssembler.assemble(
              p,
              BaseImage.of(List.of(base)),
              List.of(new ImageAssembler.OwnLayer(binary, "slipway: go build " + name)),
              List.of("/app/" + name),
              new ImageSettings(ImageSettings.NONROOT, Map.of(), Map.of(), Instant.EPOCH)));
    }
    return ImageAssembler.target(name, "example.com/m/cmd/" + name, images);
  }
}
