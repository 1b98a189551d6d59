package dev.slipway.build;

import dev.slipway.compile.GoCompiler;
import dev.slipway.core.BuildFailedException;
import dev.slipway.core.Futures;
import dev.slipway.core.Platform;
import dev.slipway.core.Progress;
import dev.slipway.core.RemoteTimeouts;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.Tasks;
import dev.slipway.core.UsageException;
import dev.slipway.fingerprint.Fingerprint;
import dev.slipway.fingerprint.Memo;
import dev.slipway.fingerprint.MemoStore;
import dev.slipway.image.BaseImage;
import dev.slipway.image.BaseImageResolver;
import dev.slipway.image.ImageLayer;
import dev.slipway.image.Json;
import dev.slipway.image.TargetImage;
import dev.slipway.layer.Compression;
import dev.slipway.layer.LayerStore;
import dev.slipway.plan.BuildRequest;
import dev.slipway.plan.Target;
import dev.slipway.plan.TargetResolver;
import dev.slipway.plan.TargetSpec;
import dev.slipway.plan.VcsInfo;
import dev.slipway.record.BuildRecord;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.Timeline;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one build through its stages: plan, fingerprint (and the no-op fast path), compile, layers,
 * image, publish, record. Stages get their inputs from here and never call back.
 */
public final class BuildRunner {
  private final Map<String, String> environment;
  private final Timeline.Listener stages;
  private final Progress progress;
  private final PrintStream warnings;
  private Optional<Duration> budget = Optional.empty();
  private List<Path> reports = List.of();

  /**
   * @param environment the process environment (go and credentials read it)
   * @param stages told as stages start and finish
   * @param progress told how far compiles, uploads and downloads got
   * @param warnings where one-line warnings go
   */
  public BuildRunner(
      Map<String, String> environment,
      Timeline.Listener stages,
      Progress progress,
      PrintStream warnings) {
    this.environment = Map.copyOf(environment);
    this.stages = stages;
    this.progress = progress;
    this.warnings = warnings;
  }

  /** The time budget the build's record notes, if any (the command line enforces it). */
  public BuildRunner budget(Optional<Duration> budget) {
    this.budget = budget;
    return this;
  }

  /** The files the command writes beside the images (summary, trace, metrics): never inputs. */
  public BuildRunner reports(List<Path> files) {
    this.reports = List.copyOf(files);
    return this;
  }

  public BuildSummary run(BuildRequest request) throws SlipwayException, IOException {
    Timeline timeline = new Timeline(stages);
    Records records = new Records(request.cacheDir(), warnings, budget);
    List<String> modulePaths = new ArrayList<>();
    try {
      return run(request, timeline, records, modulePaths);
    } catch (SlipwayException | IOException | RuntimeException e) {
      records.failed(String.valueOf(e.getMessage()), modulePaths, request, environment, timeline);
      throw e;
    }
  }

  private BuildSummary run(
      BuildRequest request, Timeline timeline, Records records, List<String> modulePaths)
      throws SlipwayException, IOException {
    Outputs outputs = new Outputs(request, warnings, environment, progress);
    // Closed in reverse: the pools stop first, so no task still reads what a lock guards.
    try (HeldLocks locks = new HeldLocks();
        Pools pools = new Pools(request.jobs())) {
      if (request.targets().needsBasePlatforms()) {
        // --platform all on a pulled base: its index says which. Outputs keeps the request it was
        // given: what it reads of it (outputs, names, bases) does not depend on platforms.
        BaseImageResolver resolver = outputs.baseResolver();
        request =
            request.withTargets(
                request
                    .targets()
                    .withBasePlatforms(base -> Bases.platforms(resolver, base, warnings)));
      }
      AttestStage attest = AttestStage.open(request, environment, outputs::registry, warnings);
      FastPath fastPath =
          new FastPath(
              request, attest.identity(), outputs, new MemoStore(request.cacheDir()), reports);
      List<Path> moduleRoots;
      try (var s = timeline.stage("plan")) {
        moduleRoots = TargetResolver.moduleRoots(request.workDir(), request.packages());
        for (Path root : moduleRoots) {
          modulePaths.add(TargetResolver.modulePath(root).orElse(root.getFileName().toString()));
        }
      }
      Optional<Fingerprint> fingerprint;
      Optional<Memo> memo;
      try (var s = timeline.stage("fingerprint")) {
        fingerprint = fastPath.fingerprint(moduleRoots, environment);
        memo = fingerprint.isPresent() ? fastPath.reusable(fingerprint.get()) : Optional.empty();
      }
      if (memo.isPresent()) {
        BuildSummary summary = fastPath.summary(memo.get(), timeline);
        records.fastPath(
            modulePaths, Records.settings(request, environment, Optional.empty()), summary);
        return summary;
      }
      GoSettings go = new GoSettings(moduleRoots.get(0), environment);
      records.toolchain(go);
      ModuleStage modules;
      try (var s = timeline.stage("modules")) {
        modules =
            ModuleStage.start(
                request,
                moduleRoots,
                go,
                environment,
                actionIdentity(request, modulePaths),
                warnings,
                RemoteTimeouts.fromEnvironment(environment),
                timeline,
                pools.io,
                progress);
      }
      try (modules) {
        ActionStage actions;
        try (var s = timeline.stage("compile-cache")) {
          actions =
              ActionStage.start(
                  request,
                  environment,
                  go,
                  actionIdentity(request, modulePaths),
                  warnings,
                  pools.io);
        }
        try (actions) {
          Built built;
          try {
            built =
                build(
                    request,
                    timeline,
                    outputs,
                    pools,
                    locks,
                    modules,
                    actions,
                    fastPath,
                    fingerprint,
                    attest,
                    records);
          } catch (SlipwayException e) {
            throw GoSumErrors.explain(e, moduleRoots);
          }
          records.built(
              modulePaths,
              Records.settings(request, environment, Optional.of(go.get().get("GOVERSION"))),
              built.summary(),
              built.units());
          return built.summary();
        }
      }
    } finally {
      outputs.close();
    }
  }

  /** A build that ran go: its summary, and each go build for the record. */
  private record Built(BuildSummary summary, List<BuildRecord.Unit> units) {}

  private Built build(
      BuildRequest request,
      Timeline timeline,
      Outputs outputs,
      Pools pools,
      HeldLocks locks,
      ModuleStage modules,
      ActionStage actions,
      FastPath fastPath,
      Optional<Fingerprint> fingerprint,
      AttestStage attest,
      Records records)
      throws SlipwayException, IOException {
    Map<String, String> goEnv = new LinkedHashMap<>(modules.goEnvironment());
    Optional<List<Target>> direct;
    List<Target> targets;
    try (var s = timeline.stage("resolve")) {
      direct = TargetResolver.direct(request.workDir(), request.packages());
      targets = direct.isPresent() ? direct.get() : resolve(request, goEnv, modules);
      targets = request.targets().named(targets);
    }
    Compression compression = parseCompression(request.compression());
    LayerStage layers =
        new LayerStage(
            new LayerStore(request.cacheDir().resolve("layers")), compression, request.created());
    BaseImageResolver baseResolver = outputs.baseResolver();
    Map<ImageStage.BaseKey, CompletableFuture<BaseImage>> bases = new HashMap<>();
    for (Target target : targets) {
      TargetSpec spec = request.targets().of(target);
      for (Platform platform : spec.platforms()) {
        bases.computeIfAbsent(
            new ImageStage.BaseKey(spec.base(), platform),
            key ->
                Tasks.async(
                    () -> Bases.image(request, spec.base(), platform, layers, baseResolver),
                    pools.io));
      }
    }
    CompileStage compile =
        new CompileStage(
            new GoCompiler("go", environment, actions.cacheProg()),
            pools.compile,
            pools.io,
            timeline,
            goEnv,
            progress,
            fingerprint.map(Fingerprint::fileHashes).orElse(Map.of()),
            locks);
    records.goBuilds(compile::finished);
    // Each binary becomes its layer while its output directory is locked (see CompileStage).
    Map<CompileStage.Key, CompletableFuture<ImageLayer>> binaryLayers =
        compile.start(
            request,
            targets,
            (target, platform, binary) -> {
              attest.read(target, platform, binary);
              try (var s = timeline.stage("layers", target.name() + " " + platform)) {
                return layers.binary(target.name(), binary);
              }
            },
            pools.cpu);
    // A hook, not a result: each unit's own future carries its failure to the build.
    CompletableFuture<Void> compiled =
        CompletableFuture.allOf(
            compile.units().stream()
                .map(CompileStage.Unit::built)
                .toArray(CompletableFuture[]::new));
    var unused = compiled.whenComplete((done, failed) -> actions.goFinished());
    ImageStage imageStage =
        new ImageStage(layers, pools.cpu, vcsLabels(request), request.created());
    PublishStage publish =
        new PublishStage(
            outputs.publishers(new LayerSources(layers, baseResolver), pools.io, targets.size()),
            timeline,
            pools.io);
    List<CompletableFuture<TargetImage>> imageFutures = new ArrayList<>();
    for (Target target : targets) {
      TargetSpec spec = request.targets().of(target);
      CompletableFuture<TargetImage> image =
          attest.attach(
              target,
              spec,
              imageStage.start(target, spec, bases, binaryLayers),
              bases,
              compiled,
              actions::lineage,
              pools.cpu);
      imageFutures.add(image);
      publish.whenReady(image);
    }
    List<TargetImage> images = new ArrayList<>();
    try {
      for (CompletableFuture<TargetImage> f : imageFutures) {
        images.add(Futures.get(f));
      }
    } catch (BuildFailedException e) {
      modules.checkNoFailures(); // a refused module explains the failure better than go does
      if (direct.isPresent()) {
        // targets found without go list: let it say what is wrong, if it can
        resolve(request, goEnv, modules);
      }
      throw e;
    }
    modules.checkNoFailures();
    PublishStage.Outcome published = publish.finish(images);
    Map<String, String> pushed = published.images();
    List<BuildSummary.TargetResult> targetResults = new ArrayList<>();
    List<Memo.Entry> entries = new ArrayList<>();
    for (TargetImage image : images) {
      List<String> platforms =
          image.platforms().stream().map(p -> p.platform().toString()).toList();
      String where = pushed.getOrDefault(image.name(), "");
      targetResults.add(
          new BuildSummary.TargetResult(
              image.name(),
              image.importPath(),
              platforms,
              image.root().digest().toString(),
              where));
      entries.add(
          new Memo.Entry(
              image.name(),
              image.importPath(),
              String.join(",", platforms),
              image.root().mediaType(),
              image.root().digest().toString(),
              image.root().size(),
              where));
    }
    if (fingerprint.isPresent()) {
      fastPath.remember(fingerprint.get(), new Memo(entries, published.proofs()));
    }
    ModuleStage.Counts moduleCounts = modules.counts();
    ActionStage.Counts actionCounts = actions.counts(compile.graphs());
    BuildSummary summary =
        new BuildSummary(
            targetResults,
            published.blobs(),
            new BuildSummary.CacheStats(
                moduleCounts.hits(),
                moduleCounts.misses(),
                moduleCounts.tiers(),
                actionCounts.hits(),
                actionCounts.misses(),
                actionCounts.missedBy(),
                actionCounts.tiers(),
                layers.hits(),
                layers.misses(),
                false,
                moduleCounts.served(),
                actionCounts.sources()),
            timeline.spans(),
            timeline.elapsedMs());
    return new Built(summary, compile.units().stream().map(CompileStage.Unit::toRecord).toList());
  }

  /**
   * What a build's compile-action list is kept under: the same on every runner (module paths, not
   * directories), so a cold runner can prefetch what this build used.
   */
  private static String actionIdentity(BuildRequest request, List<String> modulePaths) {
    StringBuilder id = new StringBuilder("actions v1\n");
    for (String path : modulePaths) {
      id.append(path).append('\n');
    }
    id.append(request.packages()).append('\n');
    id.append(request.targets().buildIdentity()).append('\n');
    return id.toString();
  }

  /** Labels from git, under each target's own. */
  private Map<String, String> vcsLabels(BuildRequest request) throws IOException {
    return request.vcsLabels() ? VcsInfo.labels(request.workDir(), environment) : Map.of();
  }

  private List<Target> resolve(BuildRequest request, Map<String, String> goEnv, ModuleStage modules)
      throws SlipwayException, IOException {
    try {
      Map<String, String> env = new LinkedHashMap<>(environment);
      env.putAll(goEnv);
      return new TargetResolver(Json.MAPPER, env).resolve(request.workDir(), request.packages());
    } catch (SlipwayException e) {
      modules.checkNoFailures();
      throw e;
    }
  }

  private static Compression parseCompression(String value) throws UsageException {
    try {
      return Compression.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--compression: " + e.getMessage(), e);
    }
  }
}
