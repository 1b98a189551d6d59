package dev.slipway.publish;

import dev.slipway.core.BlobSource;
import dev.slipway.core.DigestMismatchException;
import dev.slipway.core.Futures;
import dev.slipway.core.ImageReference;
import dev.slipway.core.Progress;
import dev.slipway.core.RegistryException;
import dev.slipway.core.SlipwayException;
import dev.slipway.fingerprint.Memo;
import dev.slipway.image.Descriptor;
import dev.slipway.image.ImageLayer;
import dev.slipway.image.LayerFetcher;
import dev.slipway.image.PlatformImage;
import dev.slipway.image.Referrer;
import dev.slipway.image.TargetImage;
import dev.slipway.registry.BlobPushResult;
import dev.slipway.registry.ManifestDescriptor;
import dev.slipway.registry.RegistryClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Pushes images: every blob in parallel (HEAD first, a cross-repository mount for base layers on
 * the same registry), and each manifest only after all of its blobs are confirmed; an index only
 * after its manifests. Extra tags re-put the same bytes and cost no blob. Layer bytes are checked
 * against their digests as they are uploaded; a damaged layer is made again once and pushed again.
 * An image's referrers (SBOMs) follow it ({@link ReferrerPush}).
 */
public final class RegistryPublisher implements Publisher {
  private final RegistryClient client;
  private Destinations destinations;
  private final LayerFetcher fetcher;
  private final ExecutorService executor;
  private final int targetCount;
  private final Progress progress;
  private final ReferrerPush referrers;

  public RegistryPublisher(
      RegistryClient client,
      ImageReference repository,
      List<String> extraTags,
      LayerFetcher fetcher,
      ExecutorService executor,
      int targetCount) {
    this(client, repository, extraTags, fetcher, executor, targetCount, Progress.NONE);
  }

  /** A publisher that reports the bytes of each blob it uploads to {@code progress}. */
  public RegistryPublisher(
      RegistryClient client,
      ImageReference repository,
      List<String> extraTags,
      LayerFetcher fetcher,
      ExecutorService executor,
      int targetCount,
      Progress progress) {
    this.progress = progress;
    this.client = client;
    this.referrers = new ReferrerPush(client);
    this.destinations = Destinations.of(repository, extraTags);
    this.fetcher = fetcher;
    this.executor = executor;
    this.targetCount = targetCount;
  }

  /** Sets where each target goes, instead of the default rule; call before publishing. */
  public RegistryPublisher withDestinations(Destinations destinations) {
    this.destinations = destinations;
    return this;
  }

  @Override
  public String kind() {
    return "registry";
  }

  /** Where a target goes; targets may be published one call each, so the count is fixed. */
  private ImageReference destination(String name, String importPath, int targetCount) {
    return destinations.of(name, importPath, targetCount);
  }

  @Override
  public PublishResult publish(List<TargetImage> targets) throws SlipwayException, IOException {
    // Blobs of all targets go up together; the same base layer is pushed once per repository.
    Map<String, Future<BlobPushResult>> blobPushes = new LinkedHashMap<>();
    LayerReader reader = new LayerReader(fetcher);
    for (TargetImage target : targets) {
      ImageReference dest = destination(target.name(), target.importPath(), targetCount);
      for (PlatformImage image : target.platforms()) {
        for (ImageLayer layer : image.layers()) {
          String key = dest.name() + "@" + layer.descriptor().digest();
          blobPushes.computeIfAbsent(
              key, k -> executor.submit(() -> pushLayer(dest, layer, reader)));
        }
        BlobSource config = BlobSource.ofBytes(image.configBytes());
        String key = dest.name() + "@" + config.digest();
        blobPushes.computeIfAbsent(key, k -> executor.submit(() -> pushBlob(dest, config, null)));
      }
    }
    int uploaded = 0;
    int skipped = 0;
    int mounted = 0;
    long bytes = 0;
    long bytesSkipped = 0;
    long bytesMounted = 0;
    for (Future<BlobPushResult> push : blobPushes.values()) {
      BlobPushResult r = Futures.get(push);
      switch (r.outcome()) {
        case SKIPPED -> {
          skipped++;
          bytesSkipped += r.size();
        }
        case MOUNTED -> {
          mounted++;
          bytesMounted += r.size();
        }
        case UPLOADED -> {
          uploaded++;
          bytes += r.bytesUploaded();
        }
      }
    }
    Map<String, String> images = new LinkedHashMap<>();
    for (TargetImage target : targets) {
      ImageReference dest = destination(target.name(), target.importPath(), targetCount);
      // An image none of whose blobs were new may be there already, as it is for every service but
      // the changed one of a repository's many: a HEAD then spares rewriting its manifests.
      boolean maybeThere = !newBlobIn(target, dest, blobPushes);
      if (target.isIndex()) {
        for (PlatformImage image : target.platforms()) {
          putManifest(
              dest.withDigest(image.manifest().digest()),
              image.manifestBytes(),
              image.manifest(),
              maybeThere);
        }
      }
      for (String tag : destinations.tags(target.name(), target.importPath(), targetCount)) {
        putManifest(dest.withTag(tag), target.rootBytes(), target.root(), maybeThere);
      }
      // Referrers after the image they name, so that a reader never finds one without it.
      for (Referrer referrer : target.referrers()) {
        uploaded += referrers.push(dest, referrer);
      }
      images.put(target.name(), dest.name() + "@" + target.root().digest());
    }
    return new PublishResult(
        images, "", uploaded, skipped, mounted, bytes, bytesSkipped, bytesMounted);
  }

  /** True if a blob of {@code target} was uploaded or mounted in {@code dest} by this push. */
  private static boolean newBlobIn(
      TargetImage target, ImageReference dest, Map<String, Future<BlobPushResult>> pushes)
      throws SlipwayException, IOException {
    for (PlatformImage image : target.platforms()) {
      List<String> digests = new ArrayList<>();
      image.layers().forEach(l -> digests.add(l.descriptor().digest().toString()));
      digests.add(image.config().digest().toString());
      for (String digest : digests) {
        Future<BlobPushResult> push = pushes.get(dest.name() + "@" + digest);
        if (push != null && Futures.get(push).outcome() != BlobPushResult.Outcome.SKIPPED) {
          return true;
        }
      }
    }
    return false;
  }

  private void putManifest(
      ImageReference ref, byte[] bytes, Descriptor descriptor, boolean maybeThere)
      throws SlipwayException {
    if (maybeThere) {
      Optional<ManifestDescriptor> head = client.headManifest(ref);
      if (head.isPresent() && head.get().digest().equals(descriptor.digest())) {
        return;
      }
    }
    client.putManifest(ref, bytes, descriptor.mediaType());
  }

  private BlobPushResult pushLayer(ImageReference dest, ImageLayer layer, LayerReader reader)
      throws RegistryException, IOException {
    ImageReference mountFrom =
        layer.sourceRepository().filter(s -> s.registry().equals(dest.registry())).orElse(null);
    // A base layer from another registry is fetched only if this one lacks it.
    if (mountFrom == null
        && layer.local().isEmpty()
        && client.blobExists(dest, layer.descriptor().digest())) {
      return BlobPushResult.skipped(layer.descriptor().size());
    }
    try {
      return pushBlob(dest, lazy(layer, reader), mountFrom);
    } catch (RegistryException e) {
      // Damage is found as the bytes stream out, or (for an upload in slices, which cannot be
      // hashed whole on the way) when the registry refuses them: then the local copy is hashed.
      Optional<DigestMismatchException> damage = damageIn(e);
      if (damage.isEmpty() && layer.local().isPresent()) {
        damage = reader.damage(layer);
      }
      if (damage.isEmpty()) {
        throw e;
      }
      reader.repair(layer, damage.get());
      return pushBlob(dest, lazy(layer, reader), mountFrom);
    }
  }

  private static Optional<DigestMismatchException> damageIn(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof DigestMismatchException d) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  private BlobPushResult pushBlob(ImageReference dest, BlobSource blob, ImageReference mountFrom)
      throws RegistryException {
    String name = dest.repository() + " " + blob.digest().shortHex();
    try (CountedBlob counted = new CountedBlob(blob, progress, name)) {
      return client.pushBlob(dest, counted, Optional.ofNullable(mountFrom));
    }
  }

  /**
   * A layer's bytes, checked against its digest as they are read (see {@link LayerReader}); a base
   * layer's are fetched only if the registry really needs them.
   */
  private static BlobSource lazy(ImageLayer layer, LayerReader reader) {
    return BlobSource.of(
        layer.descriptor().digest(),
        layer.descriptor().size(),
        () -> {
          try {
            return reader.open(layer);
          } catch (RegistryException e) {
            throw new IOException(e.getMessage(), e);
          }
        });
  }

  @Override
  public boolean isPresent(Memo memo) throws SlipwayException {
    int count = memo.targets().size();
    for (Memo.Entry e : memo.targets()) {
      ImageReference dest = destination(e.name(), e.importPath(), count);
      if (!(dest.name() + "@" + e.digest()).equals(e.image())) {
        return false;
      }
      for (String tag : destinations.tags(e.name(), e.importPath(), count)) {
        Optional<ManifestDescriptor> head = client.headManifest(dest.withTag(tag));
        if (head.isEmpty() || !head.get().digest().toString().equals(e.digest())) {
          return false;
        }
      }
    }
    return true;
  }
}
