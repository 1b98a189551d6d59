package dev.slipway.build;

import dev.slipway.compile.GoAction;
import dev.slipway.compile.GoBuild;
import dev.slipway.compile.GoCompiler;
import dev.slipway.compile.GoPackage;
import dev.slipway.compile.PackageLister;
import dev.slipway.core.Digest;
import dev.slipway.core.ImportPaths;
import dev.slipway.core.Platform;
import dev.slipway.core.Progress;
import dev.slipway.core.Tasks;
import dev.slipway.plan.BuildRequest;
import dev.slipway.plan.Target;
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
 * packages within one invocation), running in parallel up to {@code -j}. Each target's binary is a
 * future, so its layers can be made while other builds are still running.
 */
final class CompileStage {
  private final GoCompiler compiler;
  private final Executor executor;
  private final Executor lister;
  private final Timeline timeline;
  private final Map<String, String> goEnv;
  private final ConcurrentMap<Path, String> knownHashes;
  private final Progress progress;
  private final List<Unit> units = new ArrayList<>();

  /**
   * @param executor runs the go builds (-j)
   * @param lister runs the {@code go list} beside each build, for its explanation
   * @param goEnv the environment the build's stages give go (the module proxy)
   * @param progress told of each package go compiles, and of how many the build reads
   * @param knownHashes file hashes the fingerprint already took, so the explanation reads no file
   *     twice
   */
  CompileStage(
      GoCompiler compiler,
      Executor executor,
      Executor lister,
      Timeline timeline,
      Map<String, String> goEnv,
      Progress progress,
      Map<Path, String> knownHashes) {
    this.compiler = compiler;
    this.executor = executor;
    this.lister = lister;
    this.timeline = timeline;
    this.goEnv = Map.copyOf(goEnv);
    this.progress = progress;
    this.knownHashes = new ConcurrentHashMap<>(knownHashes);
  }

  /** Binary key: target import path and platform. */
  record Key(String importPath, Platform platform) {}

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

  /** The builds started so far. */
  List<Unit> units() {
    return List.copyOf(units);
  }

  Map<Key, CompletableFuture<Path>> start(BuildRequest request, List<Target> targets) {
    Map<Path, List<Target>> byModule = new LinkedHashMap<>();
    for (Target t : targets) {
      byModule.computeIfAbsent(t.moduleRoot(), k -> new ArrayList<>()).add(t);
    }
    Map<Key, CompletableFuture<Path>> binaries = new HashMap<>();
    for (Map.Entry<Path, List<Target>> module : byModule.entrySet()) {
      for (Platform platform : request.platforms()) {
        Map<String, String> env = new LinkedHashMap<>(goEnv);
        env.putAll(request.buildEnv()); // the user's --env has the last word
        GoBuild build =
            new GoBuild(
                module.getKey(),
                module.getValue().stream().map(Target::importPath).toList(),
                platform,
                request.ldflags(),
                request.tags(),
                request.buildVcs(),
                env,
                outputDir(request, module.getKey(), platform));
        String name =
            byModule.size() > 1
                ? platform + " " + module.getKey().getFileName()
                : platform.toString();
        CompletableFuture<List<GoPackage>> listed =
            Tasks.async(() -> new PackageLister(compiler).list(build), lister);
        CompletableFuture<GoCompiler.Result> built =
            Tasks.async(
                () -> {
                  GoCompiler.Result result;
                  try (var s = timeline.stage("compile", platform.toString());
                      Progress.Task task = progress.task(Progress.Kind.COMPILE, name, -1)) {
                    // Only sets the progress total; the listing's failure is reported by its user.
                    var unused = listed.thenAccept(all -> task.total(all.size()));
                    result = compiler.build(build, task);
                  }
                  for (GoAction a : result.actions()) {
                    if (a.mode().equals(GoAction.LINK)) {
                      timeline.span(
                          "link",
                          ImportPaths.commandName(a.importPath()) + " " + platform,
                          a.start(),
                          a.done());
                    }
                  }
                  return result;
                },
                executor);
        CompletableFuture<List<BuildRecord.PackageInputs>> packages =
            Tasks.<List<GoPackage>, List<BuildRecord.PackageInputs>>then(
                    listed, all -> Records.inputs(all, knownHashes), lister)
                .exceptionally(e -> List.of());
        units.add(new Unit(platform, build.importPaths(), built, packages));
        for (Target t : module.getValue()) {
          binaries.put(
              new Key(t.importPath(), platform),
              built.thenApply(r -> r.binaries().get(t.importPath())));
        }
      }
    }
    return binaries;
  }

  /**
   * A stable directory per module, platform and settings: go finds its previous binary there and
   * skips the link when nothing changed.
   */
  private static Path outputDir(BuildRequest request, Path moduleRoot, Platform platform) {
    Map<String, String> key = new TreeMap<>(request.buildEnv());
    key.put(" module", moduleRoot.toString());
    key.put(" platform", platform.toString());
    key.put(" ldflags", request.ldflags());
    key.put(" tags", request.tags());
    key.put(" vcs", Boolean.toString(request.buildVcs()));
    Digest d = Digest.sha256Of(key.toString().getBytes(StandardCharsets.UTF_8));
    return request.cacheDir().resolve("bin").resolve(d.hex().substring(0, 24));
  }
}
