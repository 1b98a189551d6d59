package dev.slipway.build;

import dev.slipway.compile.GoPackage;
import dev.slipway.core.Digest;
import dev.slipway.explain.Explainer;
import dev.slipway.plan.BuildRequest;
import dev.slipway.plan.BuildSettings;
import dev.slipway.record.BuildRecord;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.RecordStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * Keeps a {@link BuildRecord} of every build: the settings it ran with, the inputs of each package
 * it read, and (by {@link Explainer}) why go compiled what it compiled. A record that cannot be
 * written costs a warning, never the build.
 */
final class Records {
  /** Variables that say where go keeps or fetches things, not what it builds. */
  private static final Set<String> NOT_INPUTS =
      Set.of(
          "GOPROXY",
          "GONOPROXY",
          "GOPRIVATE",
          "GONOSUMDB",
          "GOSUMDB",
          "GOINSECURE",
          "GOAUTH",
          "GOCACHE",
          "GOCACHEPROG",
          "GOMODCACHE",
          "GOPATH",
          "GOENV",
          "GOTMPDIR",
          "GOTELEMETRY",
          "GOTELEMETRYDIR",
          "GOVCS",
          "GOBIN");

  /** Compiled only when a value has an {@code @}: most builds never need it. */
  private static final class Userinfo {
    static final Pattern PATTERN = Pattern.compile("://[^/@\\s]*@");
  }

  private final RecordStore store;
  private final PrintStream warnings;
  private final long startedAtMs = System.currentTimeMillis();
  private final String id = RecordStore.newId(startedAtMs);

  private final Optional<Duration> budget;

  Records(Path cacheDir, PrintStream warnings, Optional<Duration> budget) {
    this.store = new RecordStore(cacheDir);
    this.warnings = warnings;
    this.budget = budget;
  }

  /**
   * What a build's explanation compares: flags, the user's {@code --env}, every GO or CGO_ variable
   * that steers the compiler, and the go version. Credentials in URLs are cut out.
   */
  static Map<String, String> settings(
      BuildRequest request, Map<String, String> environment, Optional<String> goVersion) {
    Map<String, String> out = new TreeMap<>();
    BuildSettings defaults = request.targets().defaults().build();
    out.put("flag.ldflags", defaults.ldflags());
    out.put("flag.tags", defaults.tags());
    if (!defaults.flags().isEmpty()) {
      out.put("flag.flags", String.join(" ", defaults.flags()));
    }
    out.put("flag.buildvcs", Boolean.toString(request.buildVcs()));
    environment.forEach(
        (k, v) -> {
          if ((k.startsWith("GO") || k.startsWith("CGO_")) && !NOT_INPUTS.contains(k)) {
            out.put("env." + k, v);
          }
        });
    defaults.env().forEach((k, v) -> out.put("env." + k, v));
    request
        .targets()
        .configured()
        .forEach(
            (dir, spec) ->
                out.put(
                    "target." + spec.name().orElse(dir.getFileName().toString()) + ".build",
                    spec.platforms() + " " + spec.build()));
    goVersion.ifPresent(v -> out.put("toolchain.version", v));
    out.replaceAll(
        (k, v) -> v.indexOf('@') < 0 ? v : Userinfo.PATTERN.matcher(v).replaceAll("://"));
    return out;
  }

  /**
   * The inputs of every non-standard package: its module version, or for a local package the hashes
   * of its files; and its non-standard imports.
   */
  static List<BuildRecord.PackageInputs> inputs(List<GoPackage> packages) throws IOException {
    return inputs(packages, new ConcurrentHashMap<>());
  }

  /**
   * As above, taking a file's hash from {@code known} (by absolute path: the fingerprint's, and
   * those hashed for another platform's build) when it is there, and adding those it had to read,
   * so no file is read twice.
   */
  static List<BuildRecord.PackageInputs> inputs(
      List<GoPackage> packages, ConcurrentMap<Path, String> known) throws IOException {
    Set<String> listed = new HashSet<>();
    for (GoPackage p : packages) {
      if (!p.standard()) {
        listed.add(p.importPath());
      }
    }
    List<BuildRecord.PackageInputs> out = new ArrayList<>();
    for (GoPackage p : packages) {
      if (p.standard()) {
        continue;
      }
      Map<String, String> files = new LinkedHashMap<>();
      if (p.local()) {
        for (String name : p.files()) {
          Path file = p.dir().resolve(name).toAbsolutePath().normalize();
          String hash = known.get(file);
          if (hash == null) {
            hash = Digest.sha256Of(Files.readAllBytes(file)).hex();
            known.putIfAbsent(file, hash);
          }
          files.put(name, hash.substring(0, 12));
        }
      }
      List<String> imports = p.imports().stream().filter(listed::contains).toList();
      StringBuilder identity = new StringBuilder();
      identity.append(p.importPath()).append('\n').append(p.module()).append('\n');
      identity.append(p.version()).append('\n');
      files.forEach((k, v) -> identity.append(k).append(' ').append(v).append('\n'));
      imports.forEach(i -> identity.append("import ").append(i).append('\n'));
      String digest =
          Digest.sha256Of(identity.toString().getBytes(StandardCharsets.UTF_8))
              .hex()
              .substring(0, 16);
      out.add(
          new BuildRecord.PackageInputs(
              p.importPath(), p.module(), p.version(), digest, files, imports));
    }
    return out;
  }

  /** Records a build that ran go: explains each compiled package and each module miss. */
  void built(
      List<String> modules,
      Map<String, String> settings,
      BuildSummary summary,
      List<BuildRecord.Unit> units) {
    try {
      String previous = "";
      Map<String, String> previousSettings = null;
      List<BuildRecord.Rebuild> rebuilt = new ArrayList<>();
      Map<String, String> priorVersions = new TreeMap<>();
      Map<String, String> priorBuilt = new TreeMap<>();
      Map<String, String> nowBuilt = new TreeMap<>();
      boolean anyPrior = false;
      Map<String, BuildRecord> priors =
          store.previousWith(units.stream().map(BuildRecord.Unit::key).toList(), id);
      for (BuildRecord.Unit unit : units) {
        Optional<BuildRecord> prior = Optional.ofNullable(priors.get(unit.key()));
        Optional<Explainer.Prior> priorUnit =
            prior.map(
                r ->
                    new Explainer.Prior(
                        r.id(),
                        r.settings(),
                        r.units().stream()
                            .filter(u -> u.key().equals(unit.key()))
                            .findFirst()
                            .orElseThrow()));
        rebuilt.addAll(Explainer.rebuilds(unit, settings, priorUnit));
        nowBuilt.putAll(Explainer.moduleVersions(unit));
        if (prior.isPresent()) {
          priorBuilt.putAll(Explainer.moduleVersions(priorUnit.get().unit()));
          anyPrior = true;
          if (previous.isEmpty()) {
            previous = prior.get().id();
            previousSettings = prior.get().settings();
          }
          for (BuildSummary.ModuleServed m : prior.get().summary().cache().modulesServed()) {
            int at = m.module().lastIndexOf('@');
            if (at > 0) {
              priorVersions.putIfAbsent(m.module().substring(0, at), m.module().substring(at + 1));
            }
          }
        }
      }
      priorVersions.putAll(priorBuilt);
      List<BuildRecord.Change> changes = new ArrayList<>();
      if (previousSettings != null) {
        changes.addAll(Explainer.changes(previousSettings, settings));
        changes.addAll(Explainer.moduleChanges(priorBuilt, nowBuilt));
      }
      List<String> missed =
          summary.cache().modulesServed().stream()
              .filter(m -> m.tier().equals("upstream"))
              .map(BuildSummary.ModuleServed::module)
              .toList();
      store.save(
          new BuildRecord(
              id,
              startedAtMs,
              BuildRecord.BUILT,
              "",
              modules,
              settings,
              budgeted(summary),
              units,
              previous,
              changes,
              rebuilt,
              Explainer.moduleMisses(
                  missed, anyPrior ? Optional.of(priorVersions) : Optional.empty())));
    } catch (IOException | RuntimeException e) {
      warn(e);
    }
  }

  /** Records a build the fast path skipped, or one that failed. */
  void other(
      String outcome,
      String error,
      List<String> modules,
      Map<String, String> settings,
      BuildSummary summary) {
    try {
      store.save(
          new BuildRecord(
              id,
              startedAtMs,
              outcome,
              error,
              modules,
              settings,
              budgeted(summary),
              List.of(),
              "",
              List.of(),
              List.of(),
              List.of()));
    } catch (IOException | RuntimeException e) {
      warn(e);
    }
  }

  /** The summary as the record keeps it: with the budget it was held to, if any. */
  private BuildSummary budgeted(BuildSummary s) {
    return budget.map(s::withBudget).orElse(s);
  }

  private void warn(Exception e) {
    warnings.println("slipway: warning: could not keep a build record: " + e.getMessage());
  }
}
