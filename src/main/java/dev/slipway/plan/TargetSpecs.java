package dev.slipway.plan;

import dev.slipway.config.Located;
import dev.slipway.config.ProjectConfig;
import dev.slipway.config.TargetConfig;
import dev.slipway.core.ImageReference;
import dev.slipway.core.Platform;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
  private final Map<String, TargetSpec> byImportPath;
  private final List<String> packages;
  private final List<String> warnings;

  private TargetSpecs(
      TargetSpec defaults,
      Map<Path, TargetSpec> byDir,
      Map<String, TargetSpec> byImportPath,
      List<String> packages,
      List<String> warnings) {
    this.defaults = defaults;
    this.byDir = byDir;
    this.byImportPath = byImportPath;
    this.packages = packages;
    this.warnings = warnings;
  }

  /**
   * No configuration: the overrides over the built-in defaults, for a build in {@code here} (the
   * working directory, passed in since it is not always the JVM's).
   */
  public static TargetSpecs of(Path here, Overrides overrides, Platform host)
      throws UsageException {
    try {
      return resolve(ProjectConfig.none(here), KoLayers.none(here), overrides, host);
    } catch (IOException e) {
      throw new IllegalStateException("no file is read without a configuration", e);
    }
  }

  /**
   * Applies {@code overrides} over {@code config}, and that over {@code ko}, checking every value
   * they name.
   */
  public static TargetSpecs resolve(
      ProjectConfig config, KoLayers ko, Overrides overrides, Platform host)
      throws UsageException, IOException {
    Layers defaultLayers = new Layers(config, TargetConfig.EMPTY, ko.defaults(), Optional.empty());
    TargetSpec defaults = spec(defaultLayers, Optional.empty(), overrides, host, null);
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
      Layers layers =
          new Layers(config, t.getValue(), ko.of(key), importPath(key).flatMap(ko::baseOverride));
      byDir.put(
          key, spec(layers, Optional.of(t.getKey()), overrides, host, defaults.image().files()));
      packages.add(dir.toString());
    }
    for (Path dir : ko.builds().keySet()) {
      if (!byDir.containsKey(dir)) {
        Layers layers =
            new Layers(
                config, TargetConfig.EMPTY, ko.of(dir), importPath(dir).flatMap(ko::baseOverride));
        byDir.put(dir, spec(layers, Optional.empty(), overrides, host, defaults.image().files()));
        packages.add(dir.toString());
      }
    }
    // A base override for a package no section names: the defaults on that base.
    Map<String, TargetSpec> byImportPath = new TreeMap<>();
    for (String path : ko.overridden()) {
      Layers layers = new Layers(config, TargetConfig.EMPTY, ko.defaults(), ko.baseOverride(path));
      byImportPath.put(
          path.toLowerCase(Locale.ROOT),
          spec(layers, Optional.empty(), overrides, host, defaults.image().files()));
    }
    return new TargetSpecs(
        defaults, byDir, byImportPath, List.copyOf(packages), List.copyOf(ko.warnings()));
  }

  /** A target's configuration, highest first: its section, the defaults, ko's layer. */
  private record Layers(
      ProjectConfig config,
      TargetConfig target,
      TargetConfig ko,
      Optional<Located<String>> koBase) {
    TargetConfig defaults() {
      return config.defaults();
    }
  }

  /** The import path of a package directory, read from its module's go.mod without running go. */
  private static Optional<String> importPath(Path dir) throws IOException {
    Optional<Path> root = ModuleRoots.find(dir);
    return root.isEmpty() ? Optional.empty() : TargetResolver.importPath(root.get(), dir);
  }

  /** The platforms a pulled base has, read from its index. */
  @FunctionalInterface
  public interface BasePlatforms {
    List<Platform> of(String base) throws SlipwayException, IOException;
  }

  /** True if some target is built for every platform of its pulled base, not yet known. */
  public boolean needsBasePlatforms() {
    return all().anyMatch(TargetSpec::platformsOfBase);
  }

  /** These settings with each "all platforms of the base" replaced by the base's platforms. */
  public TargetSpecs withBasePlatforms(BasePlatforms bases) throws SlipwayException, IOException {
    Map<String, List<Platform>> known = new java.util.HashMap<>();
    TargetSpec d = withBase(defaults, bases, known);
    Map<Path, TargetSpec> dirs = new LinkedHashMap<>();
    for (Map.Entry<Path, TargetSpec> e : byDir.entrySet()) {
      dirs.put(e.getKey(), withBase(e.getValue(), bases, known));
    }
    Map<String, TargetSpec> paths = new TreeMap<>();
    for (Map.Entry<String, TargetSpec> e : byImportPath.entrySet()) {
      paths.put(e.getKey(), withBase(e.getValue(), bases, known));
    }
    return new TargetSpecs(d, dirs, paths, packages, warnings);
  }

  private static TargetSpec withBase(
      TargetSpec spec, BasePlatforms bases, Map<String, List<Platform>> known)
      throws SlipwayException, IOException {
    if (!spec.platformsOfBase()) {
      return spec;
    }
    String base = spec.base().orElseThrow();
    List<Platform> platforms = known.get(base);
    if (platforms == null) {
      platforms = bases.of(base);
      known.put(base, platforms);
    }
    return spec.withPlatforms(platforms);
  }

  private java.util.stream.Stream<TargetSpec> all() {
    return java.util.stream.Stream.concat(
        java.util.stream.Stream.of(defaults),
        java.util.stream.Stream.concat(byDir.values().stream(), byImportPath.values().stream()));
  }

  /** Warnings about the configuration, for the user before the build. */
  public List<String> warnings() {
    return warnings;
  }

  /** The settings of {@code target}. */
  public TargetSpec of(Target target) {
    Path key;
    try {
      key = target.packageDir().toRealPath();
    } catch (IOException e) {
      key = target.packageDir().toAbsolutePath().normalize();
    }
    TargetSpec spec = byDir.get(key);
    if (spec != null) {
      return spec;
    }
    return byImportPath.getOrDefault(target.importPath().toLowerCase(Locale.ROOT), defaults);
  }

  /** The configured targets' package directories, to build when no package is named. */
  public List<String> packages() {
    return packages;
  }

  /** Every platform some target is built for, in first-seen order. */
  public List<Platform> allPlatforms() {
    java.util.LinkedHashSet<Platform> all = new java.util.LinkedHashSet<>(defaults.platforms());
    byDir.values().forEach(s -> all.addAll(s.platforms()));
    byImportPath.values().forEach(s -> all.addAll(s.platforms()));
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
    byImportPath.values().forEach(s -> out.add(s.base()));
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
      Optional<String> name = of(t).name();
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
    byImportPath.forEach(
        (path, spec) ->
            out.append(path)
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
    byImportPath.forEach((path, spec) -> out.append(path).append(' ').append(spec).append('\n'));
    return out.toString();
  }

  /**
   * @param defaultFiles the defaults' files, resolved; null while resolving the defaults
   */
  private static TargetSpec spec(
      Layers l, Optional<String> name, Overrides o, Platform host, List<AddedFile> defaultFiles)
      throws UsageException, IOException {
    TargetConfig t = l.target();
    TargetConfig d = l.defaults();
    TargetConfig k = l.ko();
    Optional<ImageReference> repository = t.repository().map(r -> ImageReference.parse(r.value()));
    Optional<String> base =
        o.base().or(() -> first(t.base(), d.base(), l.koBase(), k.base()).map(Located::value));
    List<Platform> platforms;
    String platformsFrom = "--platform";
    if (o.platforms().isPresent()) {
      platforms = o.platforms().get();
    } else {
      Optional<List<Located<String>>> written = first(t.platforms(), d.platforms(), k.platforms());
      platforms = written.isPresent() ? platforms(written.get()) : List.of(host);
      platformsFrom = written.map(w -> w.get(0).where().toString()).orElse(platformsFrom);
    }
    // An empty list is "all": the generated base suits any platform; a pulled base's index
    // says which it has, once the build reads it; scratch has none to say.
    boolean platformsOfBase = false;
    if (platforms.isEmpty()) {
      if (base.isEmpty()) {
        platforms = BuildPlatforms.GENERATED_BASE_ALL;
      } else if (base.get().equals(BuildRequest.SCRATCH)) {
        throw new UsageException(
            platformsFrom + ": all platforms of scratch is none; name the platforms to build");
      } else {
        platforms = List.of(host);
        platformsOfBase = true;
      }
    }
    List<Located<String>> writtenFlags =
        first(t.build().flags(), d.build().flags(), k.build().flags()).orElse(List.of());
    for (Located<String> flag : writtenFlags) {
      checkFlag(flag);
    }
    List<String> flags = values(writtenFlags);
    String ldflags =
        o.ldflags()
            .orElse(
                String.join(
                    " ",
                    values(first(t.build().ldflags(), d.build().ldflags(), k.build().ldflags()))));
    String tags =
        o.tags()
            .orElse(
                String.join(
                    ",", values(first(t.build().tags(), d.build().tags(), k.build().tags()))));
    Map<String, String> buildEnv = merged(k.build().env(), d.build().env(), t.build().env());
    buildEnv.putAll(o.buildEnv());
    // The defaults' files are resolved once, for the defaults, and shared by every target
    // without files of its own.
    List<AddedFile> files =
        t.files().isPresent() || defaultFiles == null
            ? AddedFiles.resolve(l.config().dir(), first(t.files(), d.files()).orElse(List.of()))
            : defaultFiles;
    Map<String, String> labels = merged(d.labels(), t.labels());
    labels.putAll(o.labels());
    Map<String, String> annotations = merged(d.annotations(), t.annotations());
    annotations.putAll(o.annotations());
    ImageSpec image =
        new ImageSpec(
            files,
            first(t.workdir(), d.workdir()).map(Located::value),
            merged(d.env(), t.env()),
            first(t.entrypoint(), d.entrypoint()).map(TargetSpecs::values),
            values(first(t.args(), d.args())),
            o.user()
                .orElseGet(
                    () -> first(t.user(), d.user()).map(Located::value).orElse(ImageSpec.NONROOT)),
            values(first(t.ports(), d.ports())).stream()
                .map(p -> p.contains("/") ? p : p + "/tcp")
                .toList(),
            labels,
            annotations);
    return new TargetSpec(
        name,
        repository,
        values(t.tags()),
        base,
        platforms,
        new BuildSettings(buildEnv, flags, ldflags, tags),
        image,
        platformsOfBase);
  }

  /** The platforms written, or an empty list for {@code all}. */
  private static List<Platform> platforms(List<Located<String>> written) throws UsageException {
    if (written.size() == 1 && written.get(0).value().strip().equals(BuildPlatforms.ALL)) {
      return List.of();
    }
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

  /** The maps in order of precedence, lowest first: a later one's value wins. */
  @SafeVarargs
  private static Map<String, String> merged(Optional<Map<String, Located<String>>>... maps) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Optional<Map<String, Located<String>>> m : maps) {
      m.orElse(Map.of()).forEach((k, v) -> out.put(k, v.value()));
    }
    return out;
  }
}
