package dev.slipway.record;

import java.util.List;
import java.util.Map;

/**
 * What Slipway keeps of every build, in its cache directory, for {@code slipway explain} and the
 * report: the summary, the settings the build ran with, every package each go build read with the
 * digest of its own inputs, what go compiled and why.
 *
 * @param id sortable by time, for example {@code 20261122-161500-3fa2}
 * @param outcome {@link #BUILT}, {@link #FAST_PATH} or {@link #FAILED}
 * @param error the failure's message, empty unless failed
 * @param modules the main modules' paths: which project this was
 * @param settings what the explanation compares between builds: {@code flag.*}, {@code env.*} and
 *     {@code toolchain.*}; never credentials
 * @param previous the id of the newest build this one was compared with, empty if none
 * @param comparisons for each target and platform go built, the build it was compared with: the
 *     newest earlier one whose go build included that target, whatever else it built and whether or
 *     not it failed afterwards
 * @param changes settings and toolchain that differ from {@code previous}
 * @param rebuilt why each compiled package was compiled
 * @param moduleMisses why each module missed Slipway's store
 */
public record BuildRecord(
    String id,
    long startedAtMs,
    String outcome,
    String error,
    List<String> modules,
    Map<String, String> settings,
    BuildSummary summary,
    List<Unit> units,
    String previous,
    List<Comparison> comparisons,
    List<Change> changes,
    List<Rebuild> rebuilt,
    List<ModuleMiss> moduleMisses) {
  public static final String BUILT = "built";
  public static final String FAST_PATH = "fast-path";
  public static final String FAILED = "failed";

  public BuildRecord {
    modules = List.copyOf(modules);
    settings = Map.copyOf(settings);
    units = List.copyOf(units);
    comparisons = List.copyOf(comparisons);
    changes = List.copyOf(changes);
    rebuilt = List.copyOf(rebuilt);
    moduleMisses = List.copyOf(moduleMisses);
  }

  /**
   * One go build: its main packages on one platform, what go compiled ({@code go build -v}), and
   * every non-standard package it read.
   *
   * @param key the same on every runner for the same targets and platform
   * @param compileMillis how long each package go compiled took, where go said
   * @param linkMillis how long each target's link took, where go linked it
   */
  public record Unit(
      String key,
      String platform,
      List<String> targets,
      List<String> compiled,
      List<PackageInputs> packages,
      Map<String, Long> compileMillis,
      Map<String, Long> linkMillis) {
    public Unit {
      targets = List.copyOf(targets);
      compiled = List.copyOf(compiled);
      packages = List.copyOf(packages);
      compileMillis = Map.copyOf(compileMillis);
      linkMillis = Map.copyOf(linkMillis);
    }

    /** Without timings. */
    public Unit(
        String key,
        String platform,
        List<String> targets,
        List<String> compiled,
        List<PackageInputs> packages) {
      this(key, platform, targets, compiled, packages, Map.of(), Map.of());
    }

    public static String key(String platform, List<String> targets) {
      return platform + " " + String.join(" ", targets.stream().sorted().toList());
    }
  }

  /**
   * A package's own inputs. A package from a versioned module is identified by its version; one
   * from a main module or a directory replacement by its files' hashes.
   *
   * @param digest short hash over everything else in this record
   * @param files file name to short content hash, for local packages
   * @param imports the non-standard packages it imports directly
   */
  public record PackageInputs(
      String importPath,
      String module,
      String version,
      String digest,
      Map<String, String> files,
      List<String> imports) {
    public PackageInputs {
      files = Map.copyOf(files);
      imports = List.copyOf(imports);
    }
  }

  /**
   * Which earlier build one target on one platform was compared with.
   *
   * @param build that build's id
   * @param outcome that build's outcome: {@link #FAILED} if it failed after go built the target
   */
  public record Comparison(String platform, String target, String build, String outcome) {}

  /** Kinds of reason, as {@code slipway explain} and the report name them. */
  public static final String SOURCE = "source";

  public static final String DEPENDENCY = "dependency";
  public static final String SETTINGS = "settings";
  public static final String TOOLCHAIN = "toolchain";
  public static final String MODULE = "module";
  public static final String COLD = "cold";

  /**
   * A setting or the toolchain differs from the previous build.
   *
   * @param kind {@link #SETTINGS} or {@link #TOOLCHAIN}
   */
  public record Change(String kind, String name, String before, String after) {}

  /**
   * Why go compiled a package. {@code importPath} {@code std} stands for the standard library's
   * packages, counted in {@code details}.
   *
   * @param kind {@link #SOURCE}, {@link #DEPENDENCY}, {@link #SETTINGS}, {@link #TOOLCHAIN}, {@link
   *     #MODULE} or {@link #COLD}
   * @param details the files, dependencies, settings or {@code module old -> new} it names
   */
  public record Rebuild(String platform, String importPath, String kind, List<String> details) {
    public Rebuild {
      details = List.copyOf(details);
    }
  }

  /**
   * Why a module missed Slipway's store and came from upstream.
   *
   * @param kind {@link #MODULE} (a new version, or a new module: {@code before} is empty) or {@link
   *     #COLD} (the same version as before: never stored here, or evicted)
   */
  public record ModuleMiss(String module, String version, String kind, String before) {}
}
