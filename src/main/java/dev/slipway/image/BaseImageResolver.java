package dev.slipway.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.core.AtomicFiles;
import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.Platform;
import dev.slipway.core.Progress;
import dev.slipway.core.RegistryException;
import dev.slipway.core.UsageException;
import dev.slipway.registry.FetchedManifest;
import dev.slipway.registry.ManifestDescriptor;
import dev.slipway.registry.RegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pulls base images: resolves a tag to a digest with one HEAD, picks the platform's manifest from
 * an index, and keeps manifests and configs by digest on disk ({@link BaseStore}), so a pinned base
 * needs no network. Each is checked against its digest when it is read; one that does not match is
 * downloaded again. Layers are fetched only when an output needs their bytes ({@link
 * #ensureLocal}); outputs check those as they copy them, and have a damaged one downloaded again
 * ({@link #downloadAgain}).
 */
public final class BaseImageResolver {
  private final RegistryClient registry;
  private final BaseStore store;
  private final Progress progress;

  /** Blobs this process downloaded, hashing them on the way in. */
  private final Set<Digest> downloaded = ConcurrentHashMap.newKeySet();

  /** A resolver that reports each layer download to {@code progress}. */
  public BaseImageResolver(RegistryClient registry, Path cacheDir, Progress progress) {
    this.registry = registry;
    this.progress = progress;
    this.store = new BaseStore(cacheDir);
  }

  public BaseImage resolve(ImageReference ref, Platform platform)
      throws RegistryException, UsageException, IOException {
    Manifest top = manifest(ref, ref.digest());
    Manifest chosen = top;
    if (MediaTypes.isIndex(top.mediaType())) {
      Digest pick = pickPlatform(ref, top.json(), platform);
      chosen = manifest(ref.withDigest(pick), pick);
    }
    if (!MediaTypes.isManifest(chosen.mediaType())) {
      throw new UsageException(
          "base image " + ref + " has unsupported media type " + chosen.mediaType());
    }
    ImageReference repo = ref.withDigest(chosen.digest());
    JsonNode configNode = chosen.json().path("config");
    Digest configDigest = Digest.parse(configNode.path("digest").asText());
    byte[] config = config(repo, configDigest);
    JsonNode configJson = Json.MAPPER.readTree(config);
    JsonNode diffIds = configJson.path("rootfs").path("diff_ids");
    String os = configJson.path("os").asText(platform.os());
    String arch = configJson.path("architecture").asText(platform.architecture());
    if (!os.equals(platform.os()) || !arch.equals(platform.architecture())) {
      throw new UsageException(
          "base image " + ref + " is " + os + "/" + arch + ", not " + platform);
    }
    List<ImageLayer> layers = new ArrayList<>();
    int i = 0;
    for (JsonNode layer : chosen.json().path("layers")) {
      String mediaType;
      try {
        mediaType = MediaTypes.ociLayerType(layer.path("mediaType").asText());
      } catch (IllegalArgumentException e) {
        throw new UsageException("base image " + ref + ": " + e.getMessage(), e);
      }
      Digest digest = Digest.parse(layer.path("digest").asText());
      Descriptor d = Descriptor.of(mediaType, digest, layer.path("size").asLong());
      Digest diffId = Digest.parse(diffIds.path(i++).asText());
      Path local = store.blob(digest);
      layers.add(new ImageLayer(d, diffId, Files.isRegularFile(local) ? local : null, repo));
    }
    return new BaseImage(
        Optional.of(repo),
        Optional.of(chosen.digest()),
        Optional.of(config),
        layers,
        Optional.of(ref.withDigest(top.digest())));
  }

  /**
   * The platforms {@code ref} has, in its index's order: each of its index's images (attestation
   * entries, which have no real platform, left out), or a single image's own.
   */
  public List<Platform> platforms(ImageReference ref) throws RegistryException, IOException {
    Manifest top = manifest(ref, ref.digest());
    List<Platform> out = new ArrayList<>();
    if (MediaTypes.isIndex(top.mediaType())) {
      for (JsonNode m : top.json().path("manifests")) {
        JsonNode p = m.path("platform");
        String os = p.path("os").asText("");
        String arch = p.path("architecture").asText("");
        if (os.isEmpty() || arch.isEmpty() || os.equals("unknown") || arch.equals("unknown")) {
          continue;
        }
        String variant = p.path("variant").asText("");
        Platform platform = new Platform(os, arch, variant.isEmpty() ? null : variant);
        if (!out.contains(platform)) {
          out.add(platform);
        }
      }
      return out;
    }
    Digest configDigest = Digest.parse(top.json().path("config").path("digest").asText());
    JsonNode config = Json.MAPPER.readTree(config(ref.withDigest(top.digest()), configDigest));
    String variant = config.path("variant").asText("");
    out.add(
        new Platform(
            config.path("os").asText("linux"),
            config.path("architecture").asText("amd64"),
            variant.isEmpty() ? null : variant));
    return out;
  }

  /** The config's bytes: the stored copy if it still matches its digest, else downloaded. */
  private byte[] config(ImageReference repo, Digest digest) throws RegistryException, IOException {
    Path file = store.blob(digest);
    if (Files.isRegularFile(file)) {
      byte[] bytes = Files.readAllBytes(file);
      if (Digest.sha256Of(bytes).equals(digest)) {
        return bytes;
      }
    }
    registry.downloadBlob(repo, digest, file);
    return Files.readAllBytes(file);
  }

  /** The layer's bytes on local disk, fetching them into the base cache if needed. */
  public Path ensureLocal(ImageLayer layer) throws RegistryException, IOException {
    if (layer.local().isPresent() && Files.isRegularFile(layer.localFile())) {
      return layer.localFile();
    }
    Path target = store.blob(layer.descriptor().digest());
    if (!Files.isRegularFile(target)) {
      download(layer, target);
    }
    return target;
  }

  /** True when this process downloaded the layer, so its file was hashed as it was written. */
  public boolean downloadedHere(ImageLayer layer) {
    return downloaded.contains(layer.descriptor().digest());
  }

  /**
   * Replaces a stored base layer found damaged with a fresh download from its repository (which is
   * checked against the digest as it arrives), and returns its file.
   */
  public Path downloadAgain(ImageLayer layer) throws RegistryException, IOException {
    Path target = store.blob(layer.descriptor().digest());
    download(layer, target);
    return target;
  }

  private void download(ImageLayer layer, Path target) throws RegistryException, IOException {
    if (layer.source() == null) {
      throw new IOException("layer " + layer.descriptor().digest() + " has no repository");
    }
    Digest digest = layer.descriptor().digest();
    try (Progress.Task task =
        progress.task(
            Progress.Kind.DOWNLOAD, "layer " + digest.shortHex(), layer.descriptor().size())) {
      registry.downloadBlob(layer.source(), digest, target, task);
    }
    downloaded.add(digest);
  }

  private record Manifest(Digest digest, String mediaType, JsonNode json) {}

  private Manifest manifest(ImageReference ref, Digest known)
      throws RegistryException, IOException {
    Digest digest = known;
    if (digest == null) {
      Optional<ManifestDescriptor> head = registry.headManifest(ref);
      if (head.isEmpty()) {
        throw new RegistryException("base image " + ref + " was not found");
      }
      digest = head.get().digest();
    }
    Path cached = store.manifest(digest);
    byte[] bytes = Files.isRegularFile(cached) ? Files.readAllBytes(cached) : null;
    if (bytes == null || !Digest.sha256Of(bytes).equals(digest)) {
      FetchedManifest fetched = registry.getManifest(ref.withDigest(digest));
      bytes = fetched.bytes();
      Files.createDirectories(cached.getParent());
      AtomicFiles.write(cached, bytes);
    }
    JsonNode json = Json.MAPPER.readTree(bytes);
    String mediaType = json.path("mediaType").asText("");
    if (mediaType.isEmpty()) {
      mediaType = json.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }
    return new Manifest(digest, mediaType, json);
  }

  private static Digest pickPlatform(ImageReference ref, JsonNode index, Platform want)
      throws UsageException {
    List<String> seen = new ArrayList<>();
    for (JsonNode m : index.path("manifests")) {
      JsonNode p = m.path("platform");
      String os = p.path("os").asText();
      String arch = p.path("architecture").asText();
      String variant = p.path("variant").asText(null);
      seen.add(os + "/" + arch + (variant == null ? "" : "/" + variant));
      if (os.equals(want.os())
          && arch.equals(want.architecture())
          && (want.variant() == null || want.variant().equals(variant))) {
        return Digest.parse(m.path("digest").asText());
      }
    }
    throw new UsageException(
        "base image "
            + ref
            + " has no "
            + want
            + " image (it has "
            + String.join(", ", seen)
            + ")");
  }
}
