package dev.slipway.plan;

import dev.slipway.config.BuildConfig;
import dev.slipway.config.ConfigException;
import dev.slipway.config.KoBuild;
import dev.slipway.config.KoConfig;
import dev.slipway.config.Located;
import dev.slipway.config.TargetConfig;
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

/**
 * {@code .ko.yaml} as the lowest configured layer of each target, below {@code slipway.yaml}: for a
 * package with a {@code builds} entry, that entry's settings, each part falling back to ko's {@code
 * default*} value as a whole (as ko does); for any other package, the defaults alone. Templates in
 * {@code flags} and {@code ldflags} are rendered here, with ko's data.
 */
public final class KoLayers {
  private final KoConfig config;
  private final TargetConfig defaults;
  private final Map<Path, TargetConfig> builds;

  private KoLayers(KoConfig config, TargetConfig defaults, Map<Path, TargetConfig> builds) {
    this.config = config;
    this.defaults = defaults;
    this.builds = builds;
  }

  /** No {@code .ko.yaml}. */
  public static KoLayers none(Path workDir) {
    return new KoLayers(
        KoConfig.none(workDir.resolve(KoConfig.FILE_NAME)), TargetConfig.EMPTY, Map.of());
  }

  /**
   * Resolves each build's package directory (relative to {@code workDir}, as ko takes them) and
   * renders its templates.
   *
   * @param data what templates read: the environment, go's, git's and the date
   */
  public static KoLayers resolve(KoConfig config, Path workDir, KoTemplateData data)
      throws UsageException, IOException {
    TargetConfig defaults =
        layer(
            config,
            config.defaultEnv(),
            config.defaultFlags(),
            config.defaultLdflags(),
            data.forDir(workDir, env(config.defaultEnv())));
    Map<Path, TargetConfig> builds = new LinkedHashMap<>();
    for (KoBuild b : config.builds()) {
      Path dir = workDir.resolve(b.dir().value()).normalize();
      Path main = dir.resolve(b.main().value()).normalize();
      // As ko (after GoReleaser): a main that names a file means its package.
      Path pkg = Files.isRegularFile(main) ? main.getParent() : main;
      if (!Files.isDirectory(pkg)) {
        throw ConfigException.at(
            b.main().where(),
            "build " + b.id() + ": main package " + workDir.relativize(pkg) + " does not exist");
      }
      Optional<List<Located<String>>> env = b.env().or(config::defaultEnv);
      TargetConfig layer =
          layer(
              config,
              env,
              b.flags().or(config::defaultFlags),
              b.ldflags().or(config::defaultLdflags),
              data.forDir(dir, env(env)));
      if (builds.putIfAbsent(pkg.toRealPath(), layer) != null) {
        throw ConfigException.at(
            b.where(), "build " + b.id() + ": another entry of \"builds\" names the same package");
      }
    }
    return new KoLayers(config, defaults, builds);
  }

  /** The layer of packages without a {@code builds} entry. */
  TargetConfig defaults() {
    return defaults;
  }

  /** The layer of the package in {@code realDir}. */
  TargetConfig of(Path realDir) {
    return builds.getOrDefault(realDir, defaults);
  }

  /** The packages that have a {@code builds} entry, as real paths. */
  Map<Path, TargetConfig> builds() {
    return builds;
  }

  /** The base {@code baseImageOverrides} gives the package {@code importPath}, if any. */
  Optional<Located<String>> baseOverride(String importPath) {
    Located<String> exact = config.baseImageOverrides().get(importPath);
    if (exact != null) {
      return Optional.of(exact);
    }
    // ko's reader lowercases every key, so it matches lowercased import paths too.
    String lower = importPath.toLowerCase(Locale.ROOT);
    return config.baseImageOverrides().entrySet().stream()
        .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(lower))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** Import paths with a base of their own. */
  java.util.Set<String> overridden() {
    return config.baseImageOverrides().keySet();
  }

  /** Keys ko ignores, as warnings: a typo would otherwise pass unseen. */
  List<String> warnings() {
    List<String> out = new ArrayList<>();
    config
        .ignored()
        .forEach(
            k ->
                out.add(
                    k.where() + ": ko ignores the key \"" + k.value() + "\", and so does Slipway"));
    return out;
  }

  private static TargetConfig layer(
      KoConfig config,
      Optional<List<Located<String>>> env,
      Optional<List<Located<String>>> flags,
      Optional<List<Located<String>>> ldflags,
      KoTemplateData.ForDir data)
      throws UsageException, IOException {
    Optional<KoFlags> split =
        flags.isPresent() ? Optional.of(KoFlags.split(data.render(flags.get()))) : Optional.empty();
    Optional<List<Located<String>>> rendered =
        ldflags.isPresent() ? Optional.of(data.render(ldflags.get())) : Optional.empty();
    Optional<List<Located<String>>> ld =
        rendered.or(() -> split.flatMap(KoFlags::ldflags).map(List::of));
    BuildConfig build =
        new BuildConfig(
            env.map(KoLayers::located),
            split.map(KoFlags::flags),
            ld,
            split.flatMap(KoFlags::tags).map(t -> List.of(t)));
    return TargetConfig.ofBuild(config.defaultBaseImage(), config.defaultPlatforms(), build);
  }

  private static Map<String, String> env(Optional<List<Located<String>>> entries) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Located<String> e : entries.orElse(List.of())) {
      int eq = e.value().indexOf('=');
      out.put(e.value().substring(0, eq), e.value().substring(eq + 1));
    }
    return out;
  }

  private static Map<String, Located<String>> located(List<Located<String>> entries) {
    Map<String, Located<String>> out = new LinkedHashMap<>();
    for (Located<String> e : entries) {
      int eq = e.value().indexOf('=');
      out.put(e.value().substring(0, eq), new Located<>(e.value().substring(eq + 1), e.where()));
    }
    return out;
  }
}
