package dev.slipway.build;

import dev.slipway.plan.BuildRequest;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What lies in a module's tree but is no input of its build, and so is kept out of the fingerprint:
 * the build's own outputs (the layout, the tarball, the image list, the summary, trace and metrics
 * files) and the caches (Slipway's, go's build and module caches). CI systems cache only paths
 * inside the project, so that is where a pipeline puts them; were they hashed, each build would
 * change the next one's fingerprint, and an unchanged tree would never take the fast path.
 */
final class NotInputs {
  private NotInputs() {}

  /**
   * @param reports the files the command writes beside the images
   * @param environment where go's caches are: GOCACHE, GOMODCACHE, else their defaults under
   *     XDG_CACHE_HOME or HOME, and GOPATH
   */
  static Set<Path> of(
      BuildRequest request, Collection<Path> reports, Map<String, String> environment) {
    Set<Path> out = new HashSet<>();
    BuildRequest.Outputs o = request.outputs();
    o.ociLayout().ifPresent(p -> out.add(absolute(p)));
    o.tarball().ifPresent(p -> out.add(absolute(p)));
    o.imageRefs().ifPresent(p -> out.add(absolute(p)));
    reports.forEach(p -> out.add(absolute(p)));
    out.add(absolute(request.cacheDir()));
    dir(environment, "GOCACHE").ifPresent(out::add);
    dir(environment, "GOMODCACHE").ifPresent(out::add);
    Optional<Path> userCache =
        dir(environment, "XDG_CACHE_HOME")
            .or(() -> dir(environment, "HOME").map(h -> h.resolve(".cache")));
    userCache.ifPresent(c -> out.add(c.resolve("go-build")));
    String gopath = environment.getOrDefault("GOPATH", "");
    for (String entry : gopath.split(":")) {
      if (!entry.isBlank()) {
        parse(entry).ifPresent(p -> out.add(p.resolve("pkg"))); // the module cache; src may be code
      }
    }
    if (gopath.isBlank()) {
      dir(environment, "HOME").ifPresent(h -> out.add(h.resolve("go").resolve("pkg")));
    }
    return out;
  }

  private static Optional<Path> dir(Map<String, String> environment, String name) {
    String value = environment.getOrDefault(name, "");
    return value.isBlank() || value.equals("off") ? Optional.empty() : parse(value);
  }

  private static Optional<Path> parse(String value) {
    try {
      Path p = Path.of(value);
      return p.isAbsolute() ? Optional.of(p.normalize()) : Optional.empty(); // go wants absolute
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  private static Path absolute(Path p) {
    return p.toAbsolutePath().normalize();
  }
}
