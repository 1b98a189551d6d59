package dev.slipway.build;

import dev.slipway.compile.GoAction;
import dev.slipway.compile.GoBuild;
import dev.slipway.compile.GoCompiler;
import dev.slipway.compile.GoPackage;
import dev.slipway.compile.PackageLister;
import dev.slipway.core.Digest;
import dev.slipway.core.ImportPaths;
import dev.slipway.core.LockFiles;
import dev.slipway.core.Platform;
import dev.slipway.core.Progress;
import dev.slipway.core.Tasks;
import dev.slipway.plan.BuildRequest;
import dev.slipway.plan.BuildSettings;
import dev.slipway.plan.Target;
import dev.slipway.plan.TargetSpec;
import dev.slipway.record.BuildRecord;
import dev.slipway.record.Timeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;

/**
 * Starts every compile: one {@code go build} per module and platform (go shares work between
 * packages within one invocation), running in parallel up to {@code -j}. What is made of each
 * target's binary (its layer) is a future, so it can be made while other builds are still running.
 *
 * <p>Each build's output directory is shared by every Slipway process on the cache directory (so go
 * can skip a link it already did), and another process's go may relink into it at any moment. So
 * the directory is locked from before go starts until every target's binary has been read into its
 * layer: no binary changes under a reader, and an image holds the binary its own build linked.
 * Waiting is cheap: the next build of the same key then finds go's cache warm and the link done.
 */
final class CompileStage {
  private final GoCompiler compiler;
  private final Executor executor;
  private final Executor lister;
  private final Timeline timeline;
  private final Map<String, String> goEnv;
  private final ConcurrentMap<Path, String> knownHashes;
  private final Progress progress;
  private final HeldLocks locks;
  private final List<Unit> units = new ArrayList<>();

  /**
   * @param executor runs the go builds (-j)
   * @param lister runs the {@code go list} beside each build, for its explanation
   * @param goEnv the environment the build's stages give go (the module proxy)
   * @param progress told of each package go compiles, and of how many the build reads
   * @param knownHashes file hashes the fingerprint already took, so the explanation reads no file
   *     twice
   * @param locks takes the output directories' locks, and releases any a failed build left held
   */
  CompileStage(
      GoCompiler compiler,
      Executor executor,
      Executor lister,
      Timeline timeline,
      Map<String, String> goEnv,
      Progress progress,
      Map<Path, String> knownHashes,
      HeldLocks locks) {
    this.compiler = compiler;
    this.executor = executor;
    this.lister = lister;
    this.timeline = timeline;
    this.goEnv = Map.copyOf(goEnv);
    this.progress = progress;
    this.knownHashes = new ConcurrentHashMap<>(knownHashes);
    this.locks = locks;
  }

  /** Binary key: target import path and platform. */
  record Key(String importPath, Platform platform) {}

  /** What one go build shares: its module, its settings and its platform. */
  private record Group(Path moduleRoot, BuildSettings settings, Platform platform) {}

  /** What is made of a target's binary while its output directory is locked. */
  @FunctionalInterface
  interface BinaryUse<T> {
    T apply(Target target, Platform platform, Path binary) throws Exception;
  }

  /** A finished go build, with its output directory still locked. */
  private record Locked(GoCompiler.Result result, LockFiles.Held lock) {}

  /**
   * One go build: what it compiled, and every package it read ({@code go list -deps}, empty if
   * listing failed: an explanation is never worth failing a build for).
   */
  record Unit(
      Platform platform,
      List<String> importPaths,
      CompletableFuture<GoCompiler.Result> built,
      CompletableFuture<List<BuildRecord.PackageInputs>> packages) {
    /** The unit as its build record keeps it; waits for the build and the listing. */
    BuildRecord.Unit toRecord() {
      GoCompiler.Result result = built.join();
      Map<String, Long> compileMillis = new LinkedHashMap<>();
      Map<String, Long> linkMillis = new LinkedHashMap<>();
      for (GoAction a : result.actions()) {
        (a.mode().equals(GoAction.LINK) ? linkMillis : compileMillis)
            .merge(a.importPath(), a.millis(), Long::sum);
      }
      return new BuildRecord.Unit(
          BuildRecord.Unit.key(platform.toString(), importPaths),
          platform.toString(),
          importPaths,
          result.compiled(),
          packages.join(),
          compileMillis,
          linkMillis);
    }
  }

  /**
   * Each go build that succeeded and whose listing is done, as its build record keeps it, for a
   * build that fails later. Never waits: the pools may be closed by then.
   */
  List<BuildRecord.Unit> finished() {
    List<BuildRecord.Unit> out = new ArrayList<>();
    for (Unit u : units()) {
      if (doneNormally(u.built()) && doneNormally(u.packages())) {
        out.add(u.toRecord());
      }
    }
    return out;
  }

  private static boolean doneNormally(CompletableFuture<?> f) {
    return f.isDone() && !f.isCompletedExceptionally();
  }

  /** The action graph of each go build that succeeded. */
  List<GoAction.Graph> graphs() {
    List<GoAction.Graph> out = new ArrayList<>();
    for (Unit u : units()) {
      if (doneNormally(u.built())) {
        out.add(u.built().join().graph());
      }
    }
    return out;
  }

  /** The builds started so far. */
  List<Unit> units() {
    return List.copyOf(units);
  }

  /**
   * Starts each go build, then {@code use} on each target's binary on {@code useExecutor}; the
   * output directory stays locked until every use of its binaries has finished.
   */
  <T> Map<Key, CompletableFuture<T>> start(
      BuildRequest request, List<Target> targets, BinaryUse<T> use, Executor useExecutor) {
    // One go build per module, settings and platform: targets that share all three link together.
    Map<Group, List<Target>> groups = new LinkedHashMap<>();
    java.util.Set<Path> modules = new java.util.HashSet<>();
    for (Target t : targets) {
      TargetSpec spec = request.targets().of(t);
      modules.add(t.moduleRoot());
      for (Platform platform : spec.platforms()) {
        groups
            .computeIfAbsent(
                new Group(t.moduleRoot(), spec.build(), platform), k -> new ArrayList<>())
            .add(t);
      }
    }
    long settingsPerModule =
        groups.keySet().stream().map(g -> List.of(g.moduleRoot(), g.settings())).distinct().count();
    Map<Key, CompletableFuture<T>> made = new HashMap<>();
    for (Map.Entry<Group, List<Target>> group : groups.entrySet()) {
      Group g = group.getKey();
      Platform platform = g.platform();
      Map<String, String> env = new LinkedHashMap<>(goEnv);
      env.putAll(g.settings().env()); // the user's build env has the last word
      GoBuild build =
          new GoBuild(
              g.moduleRoot(),
              group.getValue().stream().map(Target::importPath).toList(),
              platform,
              g.settings().flags(),
              g.settings().ldflags(),
              g.settings().tags(),
              request.buildVcs(),
              env,
              outputDir(request, g, platform));
      String name =
          settingsPerModule > modules.size()
              ? platform
                  + " "
                  + String.join(",", group.getValue().stream().map(Target::name).toList())
              : modules.size() > 1
                  ? platform + " " + g.moduleRoot().getFileName()
                  : platform.toString();
      CompletableFuture<List<GoPackage>> listed =
          Tasks.async(() -> new PackageLister(compiler).list(build), lister);
      CompletableFuture<Locked> built =
          Tasks.async(() -> compileLocked(build, platform, name, listed), executor);
      CompletableFuture<List<BuildRecord.PackageInputs>> packages =
          Tasks.<List<GoPackage>, List<BuildRecord.PackageInputs>>then(
                  listed, all -> Records.inputs(all, knownHashes), lister)
              .exceptionally(e -> List.of());
      units.add(new Unit(platform, build.importPaths(), built.thenApply(Locked::result), packages));
      List<CompletableFuture<T>> uses = new ArrayList<>();
      for (Target t : group.getValue()) {
        CompletableFuture<T> u =
            Tasks.then(
                built,
                b -> use.apply(t, platform, b.result().binaries().get(t.importPath())),
                useExecutor);
        made.put(new Key(t.importPath(), platform), u);
        uses.add(u);
      }
      // A hook, not a result: each use's own future carries its failure to the build. Every use
      // waits for the build, so it is done here; a failed build released its lock already.
      var unused =
          CompletableFuture.allOf(uses.toArray(CompletableFuture[]::new))
              .whenComplete(
                  (v, e) -> {
                    if (!built.isCompletedExceptionally()) {
                      built.join().lock().close();
                    }
                  });
    }
    return made;
  }

  /** Runs one go build with its output directory locked; a failed build releases the lock. */
  private Locked compileLocked(
      GoBuild build, Platform platform, String name, CompletableFuture<List<GoPackage>> listed)
      throws Exception {
    GoCompiler.Result result;
    LockFiles.Held lock;
    try (var s = timeline.stage("compile", platform.toString());
        Progress.Task task = progress.task(Progress.Kind.COMPILE, name, -1)) {
      lock = locks.lock(lockFile(build.outputDir()));
      try {
        // Only sets the progress total; the listing's failure is reported by its user.
        var unused = listed.thenAccept(all -> task.total(all.size()));
        result = compiler.build(build, task);
        if (KeptBinaries.removeDamaged(result)) {
          result = compiler.build(build, task); // go links the removed ones again
          KeptBinaries.removeDamaged(result);
        }
      } catch (Exception | Error e) {
        lock.close();
        throw e;
      }
    }
    for (GoAction a : result.actions()) {
      if (a.mode().equals(GoAction.LINK)) {
        timeline.span(
            "link", ImportPaths.commandName(a.importPath()) + " " + platform, a.start(), a.done());
      }
    }
    return new Locked(result, lock);
  }

  /** Beside the output directory, not in it: go owns what is inside. */
  static Path lockFile(Path outputDir) {
    return outputDir.resolveSibling(outputDir.getFileName() + ".lock");
  }

  /**
   * A stable directory per module, platform and settings: go finds its previous binary there and
   * skips the link when nothing changed.
   */
  private static Path outputDir(BuildRequest request, Group g, Platform platform) {
    Map<String, String> key = new TreeMap<>(g.settings().env());
    key.put(" module", g.moduleRoot().toString());
    key.put(" platform", platform.toString());
    key.put(" flags", g.settings().flags().toString());
    key.put(" ldflags", g.settings().ldflags());
    key.put(" tags", g.settings().tags());
    key.put(" vcs", Boolean.toString(request.buildVcs()));
    Digest d = Digest.sha256Of(key.toString().getBytes(StandardCharsets.UTF_8));
    return request.cacheDir().resolve("bin").resolve(d.hex().substring(0, 24));
  }
}
