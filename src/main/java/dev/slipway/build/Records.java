package dev.slipway.build;

import dev.slipway.compile.GoPackage;
import dev.slipway.core.Digest;
import dev.slipway.core.SlipwayException;
import dev.slipway.explain.Explainer;
import dev.slipway.plan.BuildRequest;
import dev.slipway.plan.BuildSettings;
import dev.slipway.record.BuildRecord;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.RecordStore;
import dev.slipway.record.Timeline;
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
import java.util.function.Supplier;
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

  /**
   * What the build got as far as, for the record of a build that fails: the go settings once go was
   * asked, and the go builds that finished.
   */
  private volatile Optional<GoSettings> go = Optional.empty();

  private volatile Supplier<List<BuildRecord.Unit>> finished = List::of;

  void toolchain(GoSettings go) {
    this.go = Optional.of(go);
  }

  void goBuilds(Supplier<List<BuildRecord.Unit>> finished) {
    this.finished = finished;
  }

  /** Records a build that ran go: explains each compiled package and each module miss. */
  void built(
      List<String> modules,
      Map<String, String> settings,
      BuildSummary summary,
      List<BuildRecord.Unit> units) {
    try {
      save(BuildRecord.BUILT, "", modules, settings, summary, units);
    } catch (IOException | RuntimeException e) {
      warn(e);
    }
  }

  /**
   * Records a build that failed, with the go builds that finished before it did, explained: the
   * next build of those targets is compared with it, and {@code slipway explain} says what it
   * compiled.
   */
  void failed(
      String error,
      List<String> modules,
      BuildRequest request,
      Map<String, String> environment,
      Timeline timeline) {
    try {
      List<BuildRecord.Unit> units = finished.get();
      Optional<String> version = Optional.empty();
      if (!units.isEmpty() && go.isPresent()) {
        version = Optional.of(go.get().get().get("GOVERSION")); // go ran: read already
      }
      BuildSummary summary =
          new BuildSummary(
              List.of(),
              new BuildSummary.BlobStats(0, 0, 0, 0),
              BuildSummary.CacheStats.none(false),
              timeline.spans(),
              timeline.elapsedMs());
      save(
          BuildRecord.FAILED,
          error,
          modules,
          settings(request, environment, version),
          summary,
          units);
    } catch (SlipwayException | IOException | RuntimeException e) {
      warn(e);
    }
  }

  private void save(
      String outcome,
      String error,
      List<String> modules,
      Map<String, String> settings,
      BuildSummary summary,
      List<BuildRecord.Unit> units)
      throws IOException {
    String previous = "";
    Map<String, String> previousSettings = null;
    List<BuildRecord.Comparison> comparisons = new ArrayList<>();
    List<BuildRecord.Rebuild> rebuilt = new ArrayList<>();
    Map<String, String> priorVersions = new TreeMap<>();
    Map<String, String> priorBuilt = new TreeMap<>();
    Map<String, String> nowBuilt = new TreeMap<>();
    boolean anyPrior = false;
    Map<String, List<RecordStore.Prior>> priors = store.priors(units, id);
    for (BuildRecord.Unit unit : units) {
      List<RecordStore.Prior> matched = priors.getOrDefault(unit.key(), List.of());
      Optional<Explainer.Prior> priorUnit = Comparisons.merged(unit, matched);
      rebuilt.addAll(Explainer.rebuilds(unit, settings, priorUnit));
      nowBuilt.putAll(Explainer.moduleVersions(unit));
      comparisons.addAll(Comparisons.of(unit, matched));
      if (priorUnit.isEmpty()) {
        continue;
      }
      priorBuilt.putAll(Explainer.moduleVersions(priorUnit.get().unit()));
      anyPrior = true;
      for (RecordStore.Prior prior : matched) {
        if (previous.compareTo(prior.record().id()) < 0) {
          previous = prior.record().id(); // the newest compared with
          previousSettings = prior.record().settings();
        }
        for (BuildSummary.ModuleServed m : prior.record().summary().cache().modulesServed()) {
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
            outcome,
            error,
            modules,
            settings,
            budgeted(summary),
            units,
            previous,
            comparisons,
            changes,
            rebuilt,
            Explainer.moduleMisses(
                missed, anyPrior ? Optional.of(priorVersions) : Optional.empty())));
  }

  /** Records a build the fast path skipped. */
  void fastPath(List<String> modules, Map<String, String> settings, BuildSummary summary) {
    try {
      store.save(
          new BuildRecord(
              id,
              startedAtMs,
              BuildRecord.FAST_PATH,
              "",
              modules,
              settings,
              budgeted(summary),
              List.of(),
              "",
              List.of(),
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
