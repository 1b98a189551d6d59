package dev.slipway.publish;

import dev.slipway.core.AtomicFiles;
import dev.slipway.core.Digest;
import dev.slipway.core.RegistryException;
import dev.slipway.fingerprint.Memo;
import dev.slipway.image.Descriptor;
import dev.slipway.image.ImageLayer;
import dev.slipway.image.LayerFetcher;
import dev.slipway.image.Manifests;
import dev.slipway.image.PlatformImage;
import dev.slipway.image.TargetImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an OCI image layout: blobs first, then {@code index.json} last and atomically, with one
 * entry per target named by {@code org.opencontainers.image.ref.name} (so {@code oci:DIR:NAME}
 * works in skopeo and umoci). A blob already in the layout is reused only when it hashes to its
 * name; layer bytes are checked against their digests as they are copied, and a damaged layer is
 * made again (see {@link LayerReader}).
 */
public final class LayoutPublisher implements Publisher {
  private static final byte[] LAYOUT_MARKER =
      "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
  private final Path dir;
  private final LayerFetcher fetcher;

  public LayoutPublisher(Path dir, LayerFetcher fetcher) {
    this.dir = dir.toAbsolutePath().normalize();
    this.fetcher = fetcher;
  }

  @Override
  public String proofKey() {
    return kind() + ":" + dir;
  }

  @Override
  public String kind() {
    return "oci-layout";
  }

  @Override
  public PublishResult publish(List<TargetImage> targets) throws IOException, RegistryException {
    LayerReader reader = new LayerReader(fetcher);
    Path blobs = dir.resolve("blobs");
    Files.createDirectories(blobs);
    List<Descriptor> entries = new ArrayList<>();
    java.util.Map<Digest, Long> written = new java.util.TreeMap<>();
    for (TargetImage target : targets) {
      for (PlatformImage image : target.platforms()) {
        for (ImageLayer layer : image.layers()) {
          Descriptor d = layer.descriptor();
          BlobFiles.putLayer(blobs, layer, reader);
          written.put(d.digest(), d.size());
        }
        BlobFiles.write(blobs, image.config().digest(), image.configBytes());
        BlobFiles.write(blobs, image.manifest().digest(), image.manifestBytes());
        written.put(image.config().digest(), (long) image.configBytes().length);
        written.put(image.manifest().digest(), (long) image.manifestBytes().length);
      }
      BlobFiles.write(blobs, target.root().digest(), target.rootBytes());
      written.put(target.root().digest(), (long) target.rootBytes().length);
      entries.add(
          target.root().withPlatform(null).withAnnotations(Manifests.refName(target.name())));
    }
    byte[] index = Manifests.index(entries);
    AtomicFiles.write(dir.resolve("oci-layout"), LAYOUT_MARKER);
    AtomicFiles.write(dir.resolve("index.json"), index);
    // The proof names index.json and every blob with its size, so a later no-op build can check
    // the whole layout is still here without parsing any JSON.
    StringBuilder proof = new StringBuilder(Digest.sha256Of(index).toString());
    written.forEach((d, size) -> proof.append(' ').append(d).append('=').append(size));
    return PublishResult.local(proof.toString());
  }

  @Override
  public boolean isPresent(Memo memo) throws IOException {
    String proof = memo.outputProofs().get(proofKey());
    Path index = dir.resolve("index.json");
    if (proof == null || !Files.isRegularFile(index)) {
      return false;
    }
    String[] parts = proof.split(" ");
    if (!Digest.sha256Of(Files.readAllBytes(index)).toString().equals(parts[0])) {
      return false;
    }
    try {
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].lastIndexOf('=');
        Path blob = BlobFiles.path(dir.resolve("blobs"), Digest.parse(parts[i].substring(0, eq)));
        if (!Files.isRegularFile(blob)
            || Files.size(blob) != Long.parseLong(parts[i].substring(eq + 1))) {
          return false;
        }
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return false;
    }
    return parts.length > 1;
  }

  public Path dir() {
    return dir;
  }
}
