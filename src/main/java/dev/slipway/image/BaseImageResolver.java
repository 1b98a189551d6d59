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

/**
 * Pulls base images: resolves a tag to a digest with one HEAD, picks the platform's manifest from
 * an index, and keeps manifests and configs by digest on disk, so a pinned base needs no network.
 * Layers are fetched only when an output needs their bytes ({@link #ensureLocal}).
 */
public final class BaseImageResolver {
  private final RegistryClient registry;
  private final Path manifests;
  private final Path blobs;
  private final Progress progress;

  /** A resolver that reports each layer download to {@code progress}. */
  public BaseImageResolver(RegistryClient registry, Path cacheDir, Progress progress) {
    this.registry = registry;
    this.progress = progress;
    this.manifests = cacheDir.resolve("base").resolve("manifests");
    this.blobs = cacheDir.resolve("base").resolve("blobs");
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
    Path configFile = blobPath(configDigest);
    if (!Files.isRegularFile(configFile)) {
      registry.downloadBlob(repo, configDigest, configFile);
    }
    byte[] config = Files.readAllBytes(configFile);
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
      Path local = blobPath(digest);
      layers.add(new ImageLayer(d, diffId, Files.isRegularFile(local) ? local : null, repo));
    }
    return new BaseImage(
        Optional.of(repo), Optional.of(chosen.digest()), Optional.of(config), layers);
  }

  /** The layer's bytes on local disk, fetching them into the base cache if needed. */
  public Path ensureLocal(ImageLayer layer) throws RegistryException, IOException {
    if (layer.local().isPresent() && Files.isRegularFile(layer.localFile())) {
      return layer.localFile();
    }
    Path target = blobPath(layer.descriptor().digest());
    if (!Files.isRegularFile(target)) {
      Digest digest = layer.descriptor().digest();
      try (Progress.Task task =
          progress.task(
              Progress.Kind.DOWNLOAD, "layer " + digest.shortHex(), layer.descriptor().size())) {
        registry.downloadBlob(layer.source(), digest, target, task);
      }
    }
    return target;
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
    Path cached = manifests.resolve(digest.hex());
    byte[] bytes;
    if (Files.isRegularFile(cached) && Digest.sha256Of(Files.readAllBytes(cached)).equals(digest)) {
      bytes = Files.readAllBytes(cached);
    } else {
      FetchedManifest fetched = registry.getManifest(ref.withDigest(digest));
      bytes = fetched.bytes();
      Files.createDirectories(manifests);
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

  private Path blobPath(Digest digest) {
    return blobs.resolve(digest.algorithm()).resolve(digest.hex());
  }
}
