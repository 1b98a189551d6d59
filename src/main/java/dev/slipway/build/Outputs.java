package dev.slipway.build;

import dev.slipway.core.ImageReference;
import dev.slipway.core.Progress;
import dev.slipway.core.UsageException;
import dev.slipway.image.BaseImageResolver;
import dev.slipway.image.LayerFetcher;
import dev.slipway.plan.BuildRequest;
import dev.slipway.plan.ImageNaming;
import dev.slipway.plan.TargetSpec;
import dev.slipway.publish.Destinations;
import dev.slipway.publish.LayoutPublisher;
import dev.slipway.publish.Publisher;
import dev.slipway.publish.RegistryPublisher;
import dev.slipway.publish.TarballPublisher;
import dev.slipway.registry.DockerConfigCredentials;
import dev.slipway.registry.RegistryClient;
import dev.slipway.registry.RegistryOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The build's connections to the outside: publishers for each output, and one registry client, made
 * only when a push or a pulled base needs it.
 */
final class Outputs implements AutoCloseable {
  private final BuildRequest request;
  private final PrintStream err;
  private final Map<String, String> environment;
  private final Progress progress;
  private RegistryClient registry;
  private BaseImageResolver baseResolver;

  /**
   * @param progress told of base layer downloads and blob uploads
   */
  Outputs(
      BuildRequest request, PrintStream err, Map<String, String> environment, Progress progress) {
    this.request = request;
    this.err = err;
    this.environment = environment;
    this.progress = progress;
  }

  static ImageReference parseReference(String flag, String text) throws UsageException {
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(flag + ": " + e.getMessage(), e);
    }
  }

  synchronized RegistryClient registry() {
    if (registry == null) {
      RegistryOptions defaults = RegistryOptions.defaults(environment);
      registry =
          RegistryClient.create(
              new RegistryOptions(
                      request.outputs().insecureRegistries(),
                      Math.max(4, request.jobs()),
                      defaults.maxAttempts(),
                      defaults.initialBackoff(),
                      DockerConfigCredentials.fromEnvironment(environment),
                      message -> err.println("slipway: warning: " + message))
                  .withTimeouts(defaults.timeouts()));
    }
    return registry;
  }

  /** The resolver for pulled bases, or null when the base is generated. */
  synchronized BaseImageResolver baseResolver() {
    boolean pulls =
        request.targets().bases().stream()
            .anyMatch(b -> b.isPresent() && !b.get().equals(BuildRequest.SCRATCH));
    if (baseResolver == null && pulls) {
      baseResolver = new BaseImageResolver(registry(), request.cacheDir(), progress);
    }
    return baseResolver;
  }

  List<Publisher> publishers(LayerFetcher fetcher, ExecutorService executor, int targetCount) {
    BuildRequest.Outputs o = request.outputs();
    List<Publisher> publishers = new ArrayList<>();
    o.ociLayout().ifPresent(dir -> publishers.add(new LayoutPublisher(dir, fetcher)));
    o.tarball()
        .ifPresent(
            file ->
                publishers.add(new TarballPublisher(file, fetcher, destinations(), o.extraTags())));
    o.push()
        .ifPresent(
            repo ->
                publishers.add(
                    new RegistryPublisher(
                            registry(),
                            repo,
                            o.extraTags(),
                            fetcher,
                            executor,
                            targetCount,
                            progress)
                        .withDestinations(destinations().orElseThrow())));
    return publishers;
  }

  /**
   * Where each target goes: a configured target's own repository and tags, else the request's
   * naming mode over the push repository.
   */
  private Optional<Destinations> destinations() {
    BuildRequest.Outputs o = request.outputs();
    if (o.push().isEmpty()) {
      return Optional.empty();
    }
    ImageReference push = o.push().get();
    Map<String, TargetSpec> byName = new HashMap<>();
    for (TargetSpec spec : request.targets().configured().values()) {
      spec.name().ifPresent(name -> byName.put(name, spec));
    }
    ImageNaming naming = o.naming();
    return Optional.of(
        new Destinations(
            push,
            o.extraTags(),
            (name, importPath, count) -> {
              TargetSpec spec = byName.get(name);
              Optional<ImageReference> own = spec == null ? Optional.empty() : spec.repository();
              if (own.isEmpty() && naming != ImageNaming.SLIPWAY) {
                own =
                    Optional.of(
                        new ImageReference(
                            push.registry(),
                            naming.repository(push.repository(), name, importPath, count),
                            null,
                            null));
              }
              return new Destinations.Own(own, spec == null ? List.of() : spec.tags());
            }));
  }

  @Override
  public synchronized void close() {
    if (registry != null) {
      registry.close();
    }
  }
}
