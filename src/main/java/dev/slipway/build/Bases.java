package dev.slipway.build;

import dev.slipway.core.ImageReference;
import dev.slipway.core.Platform;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.UsageException;
import dev.slipway.image.BaseImage;
import dev.slipway.image.BaseImageResolver;
import dev.slipway.plan.BuildPlatforms;
import dev.slipway.plan.BuildRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The image each target is built on: the generated static base, scratch, or a pulled one. */
final class Bases {
  private Bases() {}

  /** The base {@code base} names (none: the generated one) for {@code platform}. */
  static BaseImage image(
      BuildRequest request,
      Optional<String> base,
      Platform platform,
      LayerStage layers,
      BaseImageResolver resolver)
      throws SlipwayException, IOException {
    if (base.isEmpty()) {
      return BaseImage.of(List.of(layers.staticBase(request.caBundle())));
    }
    if (base.get().equals(BuildRequest.SCRATCH)) {
      return BaseImage.of(List.of());
    }
    ImageReference ref = Outputs.parseReference("base", base.get());
    return resolver.resolve(ref, platform);
  }

  /** The platforms of a pulled base that Slipway can build, for {@code --platform all}. */
  static List<Platform> platforms(BaseImageResolver resolver, String base, PrintStream warnings)
      throws SlipwayException, IOException {
    List<Platform> out = new ArrayList<>();
    for (Platform p : resolver.platforms(Outputs.parseReference("base", base))) {
      try {
        BuildPlatforms.check("--platform all", p);
        out.add(p);
      } catch (UsageException e) {
        warnings.println("slipway: warning: base " + base + ": " + e.getMessage() + "; skipped");
      }
    }
    if (out.isEmpty()) {
      throw new UsageException(
          "--platform all: base " + base + " has no platform Slipway can build (linux only)");
    }
    return out;
  }
}
