package dev.slipway.plan;

import dev.slipway.config.Located;
import dev.slipway.config.ProjectConfig;
import dev.slipway.config.TargetConfig;
import dev.slipway.core.ImageReference;
import dev.slipway.core.Platform;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Each target's settings, by package directory, under one precedence rule: command-line flag >
 * environment > the target's section of {@code slipway.yaml} > its {@code defaults} > built-in.
 * Lists replace what a lower level gave; maps (environments, labels, annotations) add to it, a name
 * given again taking the higher level's value. A package no section names gets the defaults.
 */
public final class TargetSpecs {
  private final TargetSpec defaults;
  private final Map<Path, TargetSpec> byDir;
  private final List<String> packages;

  private TargetSpecs(TargetSpec defaults, Map<Path, TargetSpec> byDir, List<String> packages) {
    this.defaults = defaults;
    this.byDir = byDir;
    this.packages = packages;
  }

  /** No configuration: the overrides over the built-in defaults. */
  public static TargetSpecs of(Overrides overrides, Platform host) throws UsageException {
    try {
      return resolve(ProjectConfig.none(Path.of("").toAbsolutePath()), overrides, host);
    } catch (IOException e) {
      throw new IllegalStateException("no file is read without a configuration", e);
    }
  }

  /** Applies {@code overrides} over {@code config}, checking every value it names. */
  public static TargetSpecs resolve(ProjectConfig config, Overrides overrides, Platform host)
      throws UsageException, IOException {
    TargetSpec defaults = spec(config, Optional.empty(), TargetConfig.EMPTY, overrides, host, null);
    Map<Path, TargetSpec> byDir = new LinkedHashMap<>();
    List<String> packages = new ArrayList<>();
    for (Map.Entry<String, TargetConfig> t : config.targets().entrySet()) {
      Located<String> main = t.getValue().main().orElseThrow();
      Path dir = config.dir().resolve(main.value()).normalize();
      if (!Files.isDirectory(dir)) {
        throw new UsageException(
            main.where() + ": main package " + main.value() + " is not a directory");
      }
      Path key = dir.toRealPath();
      if (byDir.containsKey(key)) {
        throw new UsageException(
            main.where()
                + ": another target already builds "
                + main.value()
                + "; one image per main package");
      }
      byDir.put(
          key,
          spec(
              config,
              Optional.of(t.getKey()),
              t.getValue(),
              overrides,
              host,
              defaults.image().files()));
      packages.add(dir.toString());
    }
    return new TargetSpecs(defaults, byDir, List.copyOf(packages));
  }

  /** The settings of the package in {@code packageDir}. */
  public TargetSpec of(Path packageDir) {
    Path key;
    try {
      key = packageDir.toRealPath();
    } catch (IOException e) {
      key = packageDir.toAbsolutePath().normalize();
    }
    return byDir.getOrDefault(key, defaults);
  }

  /** The configured targets' package directories, to build when no package is named. */
  public List<String> packages() {
    return packages;
  }

  /** Every platform some target is built for, in first-seen order. */
  public List<Platform> allPlatforms() {
    java.util.LinkedHashSet<Platform> all = new java.util.LinkedHashSet<>(defaults.platforms());
    byDir.values().forEach(s -> all.addAll(s.platforms()));
    return List.copyOf(all);
  }

  /** The settings of each configured target, by its package directory. */
  public Map<Path, TargetSpec> configured() {
    return java.util.Collections.unmodifiableMap(byDir);
  }

  /** Every base some target may be built on (empty for the generated base). */
  public java.util.Set<Optional<String>> bases() {
    java.util.Set<Optional<String>> out = new java.util.LinkedHashSet<>();
    out.add(defaults.base());
    byDir.values().forEach(s -> out.add(s.base()));
    return out;
  }

  /** The settings for packages no section names. */
  public TargetSpec defaults() {
    return defaults;
  }

  /**
   * The targets under the names their sections give them; two targets with one name are bad input.
   */
  public List<Target> named(List<Target> targets) throws UsageException {
    List<Target> out = new ArrayList<>();
    Map<String, Target> byName = new java.util.HashMap<>();
    for (Target t : targets) {
      Optional<String> name = of(t.packageDir()).name();
      Target named =
          name.isPresent()
              ? new Target(name.get(), t.importPath(), t.moduleRoot(), t.packageDir())
              : t;
      Target clash = byName.putIfAbsent(named.name(), named);
      if (clash != null) {
        throw new UsageException(
            "two targets are both named '"
                + named.name()
                + "' ("
                + clash.importPath()
                + " and "
                + named.importPath()
                + "); name one in slipway.yaml");
      }
      out.add(named);
    }
    return List.copyOf(out);
  }

  /** What shapes the compiles alone (platforms and build settings), for compile-cache keys. */
  public String buildIdentity() {
    StringBuilder out = new StringBuilder("defaults ");
    out.append(defaults.platforms()).append(' ').append(defaults.build()).append('\n');
    new TreeMap<>(byDir)
        .forEach(
            (dir, spec) ->
                out.append(dir.getFileName())
                    .append(' ')
                    .append(spec.platforms())
                    .append(' ')
                    .append(spec.build())
                    .append('\n'));
    return out.toString();
  }

  /** Text that changes whenever any target's settings do: for fingerprints and cache keys. */
  public String identity() {
    StringBuilder out = new StringBuilder("defaults ").append(defaults).append('\n');
    new TreeMap<>(byDir)
        .forEach((dir, spec) -> out.append(dir).append(' ').append(spec).append('\n'));
    return out.toString();
  }

  /**
   * @param defaultFiles the defaults' files, resolved; null while resolving the defaults
   */
  private static TargetSpec spec(
      ProjectConfig config,
      Optional<String> name,
      TargetConfig t,
      Overrides o,
      Platform host,
      List<AddedFile> defaultFiles)
      throws UsageException, IOException {
    TargetConfig d = config.defaults();
    Optional<ImageReference> repository = t.repository().map(r -> ImageReference.parse(r.value()));
    Optional<String> base = o.base().or(() -> first(t.base(), d.base()).map(Located::value));
    List<Platform> platforms;
    if (o.platforms().isPresent()) {
      platforms = o.platforms().get();
    } else {
      Optional<List<Located<String>>> written = first(t.platforms(), d.platforms());
      platforms = written.isPresent() ? platforms(written.get()) : List.of(host);
    }
    List<Located<String>> writtenFlags =
        first(t.build().flags(), d.build().flags()).orElse(List.of());
    for (Located<String> flag : writtenFlags) {
      checkFlag(flag);
    }
    List<String> flags = values(writtenFlags);
    String ldflags =
        o.ldflags()
            .orElse(String.join(" ", values(first(t.build().ldflags(), d.build().ldflags()))));
    String tags =
        o.tags().orElse(String.join(",", values(first(t.build().tags(), d.build().tags()))));
    Map<String, String> buildEnv = merged(d.build().env(), t.build().env());
    buildEnv.putAll(o.buildEnv());
    // The defaults' files are resolved once, for the defaults, and shared by every target
    // without files of its own.
    List<AddedFile> files =
        t.files().isPresent() || defaultFiles == null
            ? AddedFiles.resolve(config.dir(), first(t.files(), d.files()).orElse(List.of()))
            : defaultFiles;
    Map<String, String> labels = merged(d.labels(), t.labels());
    labels.putAll(o.labels());
    ImageSpec image =
        new ImageSpec(
            files,
            first(t.workdir(), d.workdir()).map(Located::value),
            merged(d.env(), t.env()),
            first(t.entrypoint(), d.entrypoint()).map(TargetSpecs::values),
            values(first(t.args(), d.args())),
            first(t.user(), d.user()).map(Located::value).orElse(ImageSpec.NONROOT),
            values(first(t.ports(), d.ports())).stream()
                .map(p -> p.contains("/") ? p : p + "/tcp")
                .toList(),
            labels,
            merged(d.annotations(), t.annotations()));
    return new TargetSpec(
        name,
        repository,
        values(t.tags()),
        base,
        platforms,
        new BuildSettings(buildEnv, flags, ldflags, tags),
        image);
  }

  private static List<Platform> platforms(List<Located<String>> written) throws UsageException {
    List<Platform> out = new ArrayList<>();
    for (Located<String> p : written) {
      for (Platform platform : BuildPlatforms.parse(p.where().toString(), p.value())) {
        if (!out.contains(platform)) {
          out.add(platform);
        }
      }
    }
    return out;
  }

  /** Flags Slipway sets itself, or that have keys of their own, are refused with the key to use. */
  private static void checkFlag(Located<String> flag) throws UsageException {
    String f = flag.value();
    String name = f.replaceFirst("^--?", "-").replaceFirst("=.*$", "");
    if (!f.startsWith("-")) {
      throw new UsageException(flag.where() + ": build flag " + f + " does not start with -");
    }
    switch (name) {
      case "-o" -> throw new UsageException(flag.where() + ": -o is Slipway's to set");
      case "-ldflags" -> throw new UsageException(flag.where() + ": give -ldflags as \"ldflags\"");
      case "-tags" -> throw new UsageException(flag.where() + ": give -tags as \"tags\"");
      case "-toolexec", "-debug-actiongraph", "-json", "-n", "-x" ->
          throw new UsageException(
              flag.where() + ": " + name + " would change what Slipway reads from go");
      default -> {}
    }
  }

  @SafeVarargs
  private static <T> Optional<T> first(Optional<T>... options) {
    for (Optional<T> o : options) {
      if (o.isPresent()) {
        return o;
      }
    }
    return Optional.empty();
  }

  private static List<String> values(Optional<List<Located<String>>> list) {
    return list.orElse(List.of()).stream().map(Located::value).toList();
  }

  private static List<String> values(List<Located<String>> list) {
    return list.stream().map(Located::value).toList();
  }

  private static Map<String, String> merged(
      Optional<Map<String, Located<String>>> lower, Optional<Map<String, Located<String>>> higher) {
    Map<String, String> out = new LinkedHashMap<>();
    lower.orElse(Map.of()).forEach((k, v) -> out.put(k, v.value()));
    higher.orElse(Map.of()).forEach((k, v) -> out.put(k, v.value()));
    return out;
  }
}
