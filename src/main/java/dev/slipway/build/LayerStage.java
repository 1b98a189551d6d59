package dev.slipway.build;

import dev.slipway.compile.GoBuildId;
import dev.slipway.core.Digest;
import dev.slipway.core.UsageException;
import dev.slipway.image.Descriptor;
import dev.slipway.image.ImageLayer;
import dev.slipway.layer.BinaryLayer;
import dev.slipway.layer.Compression;
import dev.slipway.layer.FilesLayer;
import dev.slipway.layer.KodataLayer;
import dev.slipway.layer.Layer;
import dev.slipway.layer.LayerBuilder;
import dev.slipway.layer.LayerListener;
import dev.slipway.layer.LayerStore;
import dev.slipway.layer.StaticBaseLayer;
import dev.slipway.plan.AddedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes Slipway's own layers through the layer store, so each is compressed at most once, and
 * remembers how each was made, so that one whose stored blob an output finds damaged can be made
 * again ({@link #rebuild}).
 */
final class LayerStage {
  private final LayerStore store;
  private final Compression compression;
  private final Instant mtime;
  private final AtomicInteger hits = new AtomicInteger();
  private final AtomicInteger misses = new AtomicInteger();

  /** How each layer of this build was made, by blob digest. */
  private final Map<Digest, LayerBuilder> recipes = new ConcurrentHashMap<>();

  /** Blobs this build compressed, hashing them as they were written. */
  private final Set<Digest> written = ConcurrentHashMap.newKeySet();

  /** Blobs this build found in the store. */
  private final Set<Digest> found = ConcurrentHashMap.newKeySet();

  private final LayerListener counter =
      new LayerListener() {
        @Override
        public void storeHit(Layer layer) {
          hits.incrementAndGet();
          found.add(layer.digest());
        }

        @Override
        public void compressed(Layer layer, long nanos) {
          misses.incrementAndGet();
          written.add(layer.digest());
        }
      };

  LayerStage(LayerStore store, Compression compression, Instant mtime) {
    this.store = store;
    this.compression = compression;
    this.mtime = mtime;
  }

  ImageLayer staticBase(Optional<Path> caBundle) throws IOException, UsageException {
    return make(staticBaseEntries(caBundle));
  }

  /** What the generated base holds, with {@code caBundle} or the host's CA bundle. */
  static LayerBuilder staticBaseEntries(Optional<Path> caBundle)
      throws IOException, UsageException {
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
    return StaticBaseLayer.entries(ca);
  }

  Optional<ImageLayer> kodata(Path packageDir) throws IOException, UsageException {
    Optional<LayerBuilder> entries = KodataLayer.entries(packageDir.resolve("kodata"));
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(make(entries.get()));
  }

  /** The layer of a target's added files, if it has any. */
  Optional<ImageLayer> files(List<AddedFile> files) throws IOException, UsageException {
    if (files.isEmpty()) {
      return Optional.empty();
    }
    List<FilesLayer.Source> sources =
        files.stream()
            .map(f -> new FilesLayer.Source(f.source(), f.target(), f.mode(), f.shown()))
            .toList();
    Optional<LayerBuilder> entries = FilesLayer.entries(files.get(0).project(), sources);
    return entries.isEmpty() ? Optional.empty() : Optional.of(make(entries.get()));
  }

  ImageLayer binary(String name, Path binary) throws IOException {
    LayerBuilder recipe = BinaryLayer.entries(name, binary);
    // go touches every binary it finds up to date, which leaves stat nothing to go on; its build
    // ID names the content (KeptBinaries has checked a kept binary against it, a linked one is
    // new), so an unchanged service's layer is found without reading its binary.
    Optional<String> buildId = GoBuildId.read(binary);
    if (buildId.isPresent()) {
      recipe.contentKey(
          Digest.sha256Of(
              (buildId.get() + "\n" + Files.size(binary)).getBytes(StandardCharsets.UTF_8)));
    }
    return make(recipe);
  }

  private ImageLayer make(LayerBuilder recipe) throws IOException {
    Layer layer = recipe.listener(counter).build(store, compression, mtime);
    recipes.put(layer.digest(), recipe);
    return toImageLayer(layer);
  }

  /** True for a layer this build made (or found in the store) from its own sources. */
  boolean made(Digest digest) {
    return recipes.containsKey(digest);
  }

  /** True when this build wrote the layer's blob and hashed it as it did. */
  boolean written(Digest digest) {
    return written.contains(digest);
  }

  /**
   * Makes a layer of this build again from its sources, replacing its damaged blob in the store; a
   * layer found in the store then counts as a miss. Fails when the sources no longer give the same
   * digest (they changed during the build).
   */
  synchronized Path rebuild(Digest digest, String problem) throws IOException {
    LayerBuilder recipe = recipes.get(digest);
    if (recipe == null) {
      throw new IOException(problem + "; it is not a layer this build made");
    }
    if (written.contains(digest)) {
      return store.blobPath(digest); // made again already, for another output
    }
    Layer again = recipe.rebuild(store, compression, mtime);
    if (!again.digest().equals(digest)) {
      throw new IOException(
          problem
              + "; made again from its sources it is "
              + again.digest()
              + ", so they changed during the build: build again");
    }
    if (found.remove(digest)) {
      hits.decrementAndGet();
    }
    return again.blob();
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
