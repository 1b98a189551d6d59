package dev.slipway.build;

import dev.slipway.core.Platform;
import dev.slipway.core.Tasks;
import dev.slipway.image.BaseImage;
import dev.slipway.image.ImageAssembler;
import dev.slipway.image.ImageLayer;
import dev.slipway.image.ImageSettings;
import dev.slipway.image.PlatformImage;
import dev.slipway.image.TargetImage;
import dev.slipway.layer.KodataLayer;
import dev.slipway.plan.ImageSpec;
import dev.slipway.plan.Target;
import dev.slipway.plan.TargetSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Makes each target's images as soon as its binary layer and base are ready, without waiting for
 * other targets: layers are CPU work, and other builds may still be compiling.
 */
final class ImageStage {
  /** A base image for one platform: a reference, scratch, or empty for the generated base. */
  record BaseKey(Optional<String> base, Platform platform) {}

  private final LayerStage layers;
  private final Executor cpu;
  private final Map<String, String> vcsLabels;
  private final Instant created;

  /**
   * @param vcsLabels labels every image gets, under each target's own
   */
  ImageStage(LayerStage layers, Executor cpu, Map<String, String> vcsLabels, Instant created) {
    this.layers = layers;
    this.cpu = cpu;
    this.vcsLabels = Map.copyOf(vcsLabels);
    this.created = created;
  }

  CompletableFuture<TargetImage> start(
      Target target,
      TargetSpec spec,
      Map<BaseKey, CompletableFuture<BaseImage>> bases,
      Map<CompileStage.Key, CompletableFuture<ImageLayer>> binaryLayers) {
    CompletableFuture<Optional<ImageLayer>> kodata =
        Tasks.async(() -> layers.kodata(target.packageDir()), cpu);
    CompletableFuture<Optional<ImageLayer>> files =
        Tasks.async(() -> layers.files(spec.image().files()), cpu);
    List<CompletableFuture<PlatformImage>> images = new ArrayList<>();
    for (Platform platform : spec.platforms()) {
      CompletableFuture<ImageLayer> binary =
          binaryLayers.get(new CompileStage.Key(target.importPath(), platform));
      CompletableFuture<BaseImage> base = bases.get(new BaseKey(spec.base(), platform));
      CompletableFuture<Void> ready = CompletableFuture.allOf(binary, kodata, files, base);
      images.add(
          Tasks.then(
              ready,
              v ->
                  image(
                      target,
                      spec.image(),
                      platform,
                      base.join(),
                      kodata.join(),
                      binary.join(),
                      files.join()),
              cpu));
    }
    return CompletableFuture.allOf(images.toArray(CompletableFuture[]::new))
        .thenApply(
            v ->
                ImageAssembler.target(
                    target.name(),
                    target.importPath(),
                    images.stream().map(CompletableFuture::join).toList(),
                    spec.image().annotations()));
  }

  private PlatformImage image(
      Target target,
      ImageSpec spec,
      Platform platform,
      BaseImage base,
      Optional<ImageLayer> kodata,
      ImageLayer binary,
      Optional<ImageLayer> files)
      throws Exception {
    List<ImageAssembler.OwnLayer> own = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    if (kodata.isPresent()) {
      own.add(new ImageAssembler.OwnLayer(kodata.get(), "slipway: kodata"));
      env.put("KO_DATA_PATH", KodataLayer.KO_DATA_PATH);
    }
    own.add(new ImageAssembler.OwnLayer(binary, "slipway: go build " + target.importPath()));
    // After the binary: files change more often than code in no service we know, but a layer of
    // their own keeps each change to one upload either way.
    files.ifPresent(l -> own.add(new ImageAssembler.OwnLayer(l, "slipway: files")));
    env.putAll(spec.env());
    Map<String, String> labels = new LinkedHashMap<>(vcsLabels);
    labels.putAll(spec.labels());
    return ImageAssembler.assemble(
        platform,
        base,
        own,
        spec.entrypoint().orElse(List.of("/app/" + target.name())),
        new ImageSettings(
            spec.user(),
            env,
            labels,
            created,
            spec.workdir(),
            spec.args(),
            spec.ports(),
            spec.annotations()));
  }
}
