package dev.slipway.build;

import dev.slipway.core.UsageException;
import dev.slipway.image.Descriptor;
import dev.slipway.image.ImageLayer;
import dev.slipway.layer.BinaryLayer;
import dev.slipway.layer.Compression;
import dev.slipway.layer.KodataLayer;
import dev.slipway.layer.Layer;
import dev.slipway.layer.LayerBuilder;
import dev.slipway.layer.LayerStore;
import dev.slipway.layer.StaticBaseLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** Makes Slipway's own layers through the layer store, so each is compressed at most once. */
final class LayerStage {
  private final LayerStore store;
  private final Compression compression;
  private final Instant mtime;
  private final java.util.concurrent.atomic.AtomicInteger hits =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger misses =
      new java.util.concurrent.atomic.AtomicInteger();
  private final dev.slipway.layer.LayerListener counter =
      new dev.slipway.layer.LayerListener() {
        @Override
        public void storeHit(Layer layer) {
          hits.incrementAndGet();
        }

        @Override
        public void compressed(Layer layer, long nanos) {
          misses.incrementAndGet();
        }
      };

  LayerStage(LayerStore store, Compression compression, Instant mtime) {
    this.store = store;
    this.compression = compression;
    this.mtime = mtime;
  }

  ImageLayer staticBase(Optional<Path> caBundle) throws IOException, UsageException {
    byte[] ca;
    if (caBundle.isPresent()) {
      Path file = caBundle.get();
      if (!Files.isRegularFile(file)) {
        throw new UsageException("--ca-bundle " + file + ": no such file");
      }
      ca = Files.readAllBytes(file);
    } else {
      ca = StaticBaseLayer.hostCaBundle();
    }
    return toImageLayer(
        StaticBaseLayer.entries(ca).listener(counter).build(store, compression, mtime));
  }

  Optional<ImageLayer> kodata(Path packageDir) throws IOException, UsageException {
    Optional<LayerBuilder> entries = KodataLayer.entries(packageDir.resolve("kodata"));
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        toImageLayer(entries.get().listener(counter).build(store, compression, mtime)));
  }

  ImageLayer binary(String name, Path binary) throws IOException {
    return toImageLayer(
        BinaryLayer.entries(name, binary).listener(counter).build(store, compression, mtime));
  }

  /** Layers found in the store (compressed in an earlier build). */
  int hits() {
    return hits.get();
  }

  /** Layers compressed by this build. */
  int misses() {
    return misses.get();
  }

  private static ImageLayer toImageLayer(Layer layer) {
    return new ImageLayer(
        Descriptor.of(layer.mediaType(), layer.digest(), layer.size()),
        layer.diffId(),
        layer.blob(),
        null);
  }
}
