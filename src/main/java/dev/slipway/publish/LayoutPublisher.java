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
 * works in skopeo and umoci).
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
    Path blobs = dir.resolve("blobs");
    Files.createDirectories(blobs);
    List<Descriptor> entries = new ArrayList<>();
    for (TargetImage target : targets) {
      for (PlatformImage image : target.platforms()) {
        for (ImageLayer layer : image.layers()) {
          Descriptor d = layer.descriptor();
          BlobFiles.copy(blobs, d.digest(), d.size(), fetcher.fetch(layer));
        }
        BlobFiles.write(blobs, image.config().digest(), image.configBytes());
        BlobFiles.write(blobs, image.manifest().digest(), image.manifestBytes());
      }
      BlobFiles.write(blobs, target.root().digest(), target.rootBytes());
      entries.add(
          target.root().withPlatform(null).withAnnotations(Manifests.refName(target.name())));
    }
    byte[] index = Manifests.index(entries);
    AtomicFiles.write(dir.resolve("oci-layout"), LAYOUT_MARKER);
    AtomicFiles.write(dir.resolve("index.json"), index);
    return PublishResult.local(Digest.sha256Of(index).toString());
  }

  @Override
  public boolean isPresent(Memo memo) throws IOException {
    String proof = memo.outputProofs().get(proofKey());
    Path index = dir.resolve("index.json");
    if (proof == null || !Files.isRegularFile(index)) {
      return false;
    }
    if (!Digest.sha256Of(Files.readAllBytes(index)).toString().equals(proof)) {
      return false;
    }
    for (Memo.Entry e : memo.targets()) {
      if (!Files.isRegularFile(BlobFiles.path(dir.resolve("blobs"), Digest.parse(e.digest())))) {
        return false;
      }
    }
    return true;
  }

  public Path dir() {
    return dir;
  }
}
