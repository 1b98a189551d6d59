package dev.slipway.build;

import dev.slipway.core.Futures;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.Tasks;
import dev.slipway.image.TargetImage;
import dev.slipway.publish.PublishResult;
import dev.slipway.publish.Publisher;
import dev.slipway.publish.RegistryPublisher;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.Timeline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Sends images to their outputs. A registry gets each target as soon as its image is ready (other
 * targets may still be compiling); files (layout, tarball) are written once, with every target.
 */
final class PublishStage {
  private final List<Publisher> publishers;
  private final Timeline timeline;
  private final Executor io;
  private final List<CompletableFuture<PublishResult>> pushes = new ArrayList<>();

  PublishStage(List<Publisher> publishers, Timeline timeline, Executor io) {
    this.publishers = List.copyOf(publishers);
    this.timeline = timeline;
    this.io = io;
  }

  /** Starts the registry pushes of one target, to run once its image is done. */
  void whenReady(CompletableFuture<TargetImage> image) {
    for (Publisher p : publishers) {
      if (p instanceof RegistryPublisher) {
        pushes.add(
            Tasks.then(
                image,
                img -> {
                  try (var s = timeline.stage("publish", p.kind() + " " + img.name())) {
                    return p.publish(List.of(img));
                  }
                },
                io));
      }
    }
  }

  /** What every output did, with where each image went and the proofs for the memo. */
  record Outcome(
      BuildSummary.BlobStats blobs, Map<String, String> images, Map<String, String> proofs) {}

  /** Waits for the pushes, then writes the file outputs with all targets. */
  Outcome finish(List<TargetImage> images) throws SlipwayException, IOException {
    List<PublishResult> results = new ArrayList<>();
    for (CompletableFuture<PublishResult> f : pushes) {
      results.add(Futures.get(f));
    }
    Map<String, String> proofs = new LinkedHashMap<>();
    for (Publisher publisher : publishers) {
      if (!(publisher instanceof RegistryPublisher)) {
        try (var s = timeline.stage("publish", publisher.kind())) {
          PublishResult r = publisher.publish(images);
          results.add(r);
          proofs.put(publisher.proofKey(), r.proof());
        }
      }
    }
    Map<String, String> where = new LinkedHashMap<>();
    int uploaded = 0;
    int skipped = 0;
    int mounted = 0;
    long bytes = 0;
    long bytesSkipped = 0;
    long bytesMounted = 0;
    for (PublishResult r : results) {
      where.putAll(r.images());
      uploaded += r.uploaded();
      skipped += r.skipped();
      mounted += r.mounted();
      bytes += r.bytesUploaded();
      bytesSkipped += r.bytesSkipped();
      bytesMounted += r.bytesMounted();
    }
    return new Outcome(
        new BuildSummary.BlobStats(uploaded, skipped, mounted, bytes, bytesSkipped, bytesMounted),
        where,
        proofs);
  }
}
