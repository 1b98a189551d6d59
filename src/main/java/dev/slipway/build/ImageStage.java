package dev.slipway.build;

import dev.slipway.core.Platform;
import dev.slipway.core.Tasks;
import dev.slipway.image.BaseImage;
import dev.slipway.image.ImageAssembler;
import dev.slipway.image.ImageLayer;
import dev.slipway.image.ImageSettings;
import dev.slipway.image.PlatformImage;
import dev.slipway.image.TargetImage;
import dev.slipway.plan.Target;
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
  private final LayerStage layers;
  private final Executor cpu;
  private final Map<String, String> labels;
  private final Instant created;

  ImageStage(LayerStage layers, Executor cpu, Map<String, String> labels, Instant created) {
    this.layers = layers;
    this.cpu = cpu;
    this.labels = Map.copyOf(labels);
    this.created = created;
  }

  CompletableFuture<TargetImage> start(
      Target target,
      List<Platform> platforms,
      Map<Platform, CompletableFuture<BaseImage>> bases,
      Map<CompileStage.Key, CompletableFuture<ImageLayer>> binaryLayers) {
    CompletableFuture<Optional<ImageLayer>> kodata =
        Tasks.async(() -> layers.kodata(target.packageDir()), cpu);
    List<CompletableFuture<PlatformImage>> images = new ArrayList<>();
    for (Platform platform : platforms) {
      CompletableFuture<ImageLayer> binary =
          binaryLayers.get(new CompileStage.Key(target.importPath(), platform));
      CompletableFuture<BaseImage> base = bases.get(platform);
      CompletableFuture<Void> ready = CompletableFuture.allOf(binary, kodata, base);
      images.add(
          Tasks.then(
              ready, v -> image(target, platform, base.join(), kodata.join(), binary.join()), cpu));
    }
    return CompletableFuture.allOf(images.toArray(CompletableFuture[]::new))
        .thenApply(
            v ->
                ImageAssembler.target(
                    target.name(),
                    target.importPath(),
                    images.stream().map(CompletableFuture::join).toList()));
  }

  private PlatformImage image(
      Target target,
      Platform platform,
      BaseImage base,
      Optional<ImageLayer> kodata,
      ImageLayer binary)
      throws Exception {
    List<ImageAssembler.OwnLayer> own = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    if (kodata.isPresent()) {
      own.add(new ImageAssembler.OwnLayer(kodata.get(), "slipway: kodata"));
      env.put("KO_DATA_PATH", "/var/run/ko");
    }
    own.add(new ImageAssembler.OwnLayer(binary, "slipway: go build " + target.importPath()));
    return ImageAssembler.assemble(
        platform,
        base,
        own,
        List.of("/app/" + target.name()),
        new ImageSettings(ImageSettings.NONROOT, env, labels, created));
  }
}
