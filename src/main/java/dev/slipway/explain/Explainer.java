package dev.slipway.explain;

import dev.slipway.record.BuildRecord;
import dev.slipway.record.BuildRecord.Change;
import dev.slipway.record.BuildRecord.ModuleMiss;
import dev.slipway.record.BuildRecord.PackageInputs;
import dev.slipway.record.BuildRecord.Rebuild;
import dev.slipway.record.BuildRecord.Unit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Classifies why go compiled each package of a build, by comparing the build's package inputs and
 * settings with the previous build of the same targets and platform. One reason each, the most
 * telling first: toolchain, then build settings, then the package's own source or module version,
 * then a changed dependency; a package whose inputs are all unchanged was cold (never cached here)
 * or evicted.
 */
public final class Explainer {
  /** Names the standard library's packages, which are explained together. */
  public static final String STD = "std";

  /** {@code flag.ldflags} only changes links, never a package's compile. */
  static final Set<String> LINK_ONLY = Set.of("flag.ldflags");

  private Explainer() {}

  /** A previous build a unit is compared with. */
  public record Prior(String id, Map<String, String> settings, Unit unit) {}

  /** Settings and toolchain that differ, by name, sorted. */
  public static List<Change> changes(Map<String, String> before, Map<String, String> after) {
    return diff(
        before,
        after,
        name -> name.startsWith("toolchain.") ? BuildRecord.TOOLCHAIN : BuildRecord.SETTINGS);
  }

  /** Each name whose value differs, sorted, as a change of the kind {@code kind} gives it. */
  private static List<Change> diff(
      Map<String, String> before, Map<String, String> after, Function<String, String> kind) {
    List<Change> out = new ArrayList<>();
    Set<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    for (String name : names) {
      String b = before.getOrDefault(name, "");
      String a = after.getOrDefault(name, "");
      if (!b.equals(a)) {
        out.add(new Change(kind.apply(name), name, b, a));
      }
    }
    return out;
  }

  /** Why each package go compiled in {@code current} was compiled. */
  public static List<Rebuild> rebuilds(
      Unit current, Map<String, String> settings, Optional<Prior> prior) {
    Map<String, PackageInputs> now = byPath(current.packages());
    List<Rebuild> out = new ArrayList<>();
    List<String> std = current.compiled().stream().filter(p -> !now.containsKey(p)).toList();
    if (prior.isEmpty()) {
      String why = "no earlier build of these targets for " + current.platform();
      if (!std.isEmpty()) {
        out.add(rebuild(current, STD, BuildRecord.COLD, std.size() + " packages", why));
      }
      for (String p : current.compiled()) {
        if (now.containsKey(p)) {
          out.add(rebuild(current, p, BuildRecord.COLD, why));
        }
      }
      return out;
    }
    List<Change> changed = changes(prior.get().settings(), settings);
    List<String> toolchain = describe(changed, BuildRecord.TOOLCHAIN);
    List<String> compileSettings =
        describe(
            changed.stream().filter(c -> !LINK_ONLY.contains(c.name())).toList(),
            BuildRecord.SETTINGS);
    if (!std.isEmpty()) {
      List<String> details = new ArrayList<>(List.of(std.size() + " packages"));
      String kind;
      if (!toolchain.isEmpty()) {
        kind = BuildRecord.TOOLCHAIN;
        details.addAll(toolchain);
      } else if (!compileSettings.isEmpty()) {
        kind = BuildRecord.SETTINGS;
        details.addAll(compileSettings);
      } else {
        kind = BuildRecord.COLD;
        details.add("inputs unchanged since " + prior.get().id());
      }
      out.add(new Rebuild(current.platform(), STD, kind, details));
    }
    Map<String, PackageInputs> before = byPath(prior.get().unit().packages());
    Set<String> changedSelf = new HashSet<>();
    for (PackageInputs p : now.values()) {
      PackageInputs old = before.get(p.importPath());
      if (old == null || !old.digest().equals(p.digest())) {
        changedSelf.add(p.importPath());
      }
    }
    for (String path : current.compiled()) {
      PackageInputs p = now.get(path);
      if (p == null) {
        continue;
      }
      PackageInputs old = before.get(path);
      if (!toolchain.isEmpty()) {
        out.add(new Rebuild(current.platform(), path, BuildRecord.TOOLCHAIN, toolchain));
      } else if (!compileSettings.isEmpty()) {
        out.add(new Rebuild(current.platform(), path, BuildRecord.SETTINGS, compileSettings));
      } else if (old == null) {
        out.add(rebuild(current, path, BuildRecord.SOURCE, "new package"));
      } else if (!old.version().equals(p.version())) {
        out.add(rebuild(current, path, BuildRecord.MODULE, moduleChange(p.module(), old, p)));
      } else if (!old.digest().equals(p.digest())) {
        out.add(new Rebuild(current.platform(), path, BuildRecord.SOURCE, sourceChanges(old, p)));
      } else {
        List<String> deps = changedDependencies(path, now, changedSelf);
        if (!deps.isEmpty()) {
          out.add(new Rebuild(current.platform(), path, BuildRecord.DEPENDENCY, deps));
        } else {
          out.add(
              rebuild(
                  current,
                  path,
                  BuildRecord.COLD,
                  "inputs unchanged since " + prior.get().id() + ": not in the cache"));
        }
      }
    }
    return out;
  }

  /**
   * Why each module that came from upstream missed: a version the previous build did not use, or
   * the same version (never stored here, or evicted).
   *
   * @param missed {@code path@version} of each module fetched from upstream
   * @param priorVersions module path to the version the previous build used
   */
  public static List<ModuleMiss> moduleMisses(
      List<String> missed, Optional<Map<String, String>> priorVersions) {
    List<ModuleMiss> out = new ArrayList<>();
    for (String mv : new TreeSet<>(missed)) {
      int at = mv.lastIndexOf('@');
      String path = at < 0 ? mv : mv.substring(0, at);
      String version = at < 0 ? "" : mv.substring(at + 1);
      String before = priorVersions.map(v -> v.getOrDefault(path, "")).orElse(version);
      boolean same = before.equals(version);
      out.add(new ModuleMiss(path, version, same ? BuildRecord.COLD : BuildRecord.MODULE, before));
    }
    return out;
  }

  /**
   * Modules whose version differs between two builds ({@code before} or {@code after} empty for a
   * module added or dropped), whether or not go had the new version's packages in its cache.
   */
  public static List<Change> moduleChanges(Map<String, String> before, Map<String, String> after) {
    return diff(before, after, path -> BuildRecord.MODULE);
  }

  /** Module path to version, for every versioned module a unit's packages came from. */
  public static Map<String, String> moduleVersions(Unit unit) {
    Map<String, String> out = new TreeMap<>();
    for (PackageInputs p : unit.packages()) {
      if (!p.version().isEmpty()) {
        out.put(p.module(), p.version());
      }
    }
    return out;
  }

  private static String moduleChange(String module, PackageInputs old, PackageInputs now) {
    return module
        + " "
        + (old.version().isEmpty() ? "(local)" : old.version())
        + " -> "
        + (now.version().isEmpty() ? "(local)" : now.version());
  }

  /** {@code +added}, {@code -removed} and {@code ~changed} file names, or what else differs. */
  static List<String> sourceChanges(PackageInputs old, PackageInputs now) {
    List<String> out = new ArrayList<>();
    Set<String> names = new TreeSet<>(old.files().keySet());
    names.addAll(now.files().keySet());
    for (String name : names) {
      String a = old.files().get(name);
      String b = now.files().get(name);
      if (a == null) {
        out.add("+" + name);
      } else if (b == null) {
        out.add("-" + name);
      } else if (!a.equals(b)) {
        out.add("~" + name);
      }
    }
    if (!old.imports().equals(now.imports())) {
      out.add("imports changed");
    }
    if (out.isEmpty()) {
      out.add("inputs changed");
    }
    return out;
  }

  /**
   * The packages among {@code path}'s transitive imports whose own inputs changed: the roots of the
   * change, not every package in between.
   */
  private static List<String> changedDependencies(
      String path, Map<String, PackageInputs> now, Set<String> changedSelf) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(now.get(path).imports());
    Set<String> found = new TreeSet<>();
    while (!todo.isEmpty()) {
      String dep = todo.pop();
      if (!seen.add(dep)) {
        continue;
      }
      if (changedSelf.contains(dep)) {
        found.add(dep);
      }
      PackageInputs p = now.get(dep);
      if (p != null) {
        todo.addAll(p.imports());
      }
    }
    return List.copyOf(found);
  }

  private static List<String> describe(List<Change> changes, String kind) {
    List<String> out = new ArrayList<>();
    for (Change c : changes) {
      if (c.kind().equals(kind)) {
        out.add(c.name() + ": " + quote(c.before()) + " -> " + quote(c.after()));
      }
    }
    return out;
  }

  static String quote(String s) {
    return s.isEmpty() ? "(unset)" : s;
  }

  private static Rebuild rebuild(Unit unit, String path, String kind, String... details) {
    return new Rebuild(unit.platform(), path, kind, List.of(details));
  }

  private static Map<String, PackageInputs> byPath(List<PackageInputs> packages) {
    Map<String, PackageInputs> out = new LinkedHashMap<>();
    for (PackageInputs p : packages) {
      out.put(p.importPath(), p);
    }
    return out;
  }
}
