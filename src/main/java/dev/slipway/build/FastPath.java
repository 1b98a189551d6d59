package dev.slipway.build;

import dev.slipway.core.ImageReference;
import dev.slipway.core.SlipwayException;
import dev.slipway.fingerprint.FileHashCache;
import dev.slipway.fingerprint.Fingerprint;
import dev.slipway.fingerprint.Fingerprinter;
import dev.slipway.fingerprint.Memo;
import dev.slipway.fingerprint.MemoStore;
import dev.slipway.fingerprint.Toolchain;
import dev.slipway.image.LayerFetcher;
import dev.slipway.layer.StaticBaseLayer;
import dev.slipway.plan.AddedFile;
import dev.slipway.plan.BuildRequest;
import dev.slipway.publish.Publisher;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.Timeline;
import dev.slipway.registry.ManifestDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The no-op build: when every input is unchanged and every output still holds what the last build
 * made, nothing runs. It errs towards building: anything it cannot fingerprint disables it.
 */
final class FastPath {
  /** Bumped whenever what Slipway produces from the same inputs changes. */
  static final String FORMAT = "2";

  private final BuildRequest request;
  private final String attestations;
  private final Outputs outputs;
  private final MemoStore memos;
  private final Collection<Path> reports;

  /**
   * @param attestations what is attached to each image ({@code AttestStage.identity}), so that a
   *     change of format or key is not a no-op
   * @param reports the files the command writes beside the images: never inputs
   */
  FastPath(
      BuildRequest request,
      String attestations,
      Outputs outputs,
      MemoStore memos,
      Collection<Path> reports) {
    this.request = request;
    this.attestations = attestations;
    this.outputs = outputs;
    this.memos = memos;
    this.reports = List.copyOf(reports);
  }

  Optional<Fingerprint> fingerprint(List<Path> moduleRoots, Map<String, String> environment)
      throws SlipwayException, IOException {
    if (request.buildVcs() || request.vcsLabels()) {
      return Optional.empty(); // git state is an input we do not fingerprint
    }
    Map<String, String> settings = new TreeMap<>(Toolchain.identity(environment));
    settings.put("slipway.format", FORMAT);
    settings.put("packages", String.join(" ", request.packages()));
    settings.put("workdir", request.workDir().toString());
    settings.put("targets", request.targets().identity());
    settings.put("files", addedFiles());
    settings.put("compression", request.compression());
    settings.put("attestations", attestations);
    settings.put("created", request.created().toString());
    BuildRequest.Outputs o = request.outputs();
    settings.put("out.layout", o.ociLayout().map(Path::toString).orElse(""));
    settings.put("out.tarball", o.tarball().map(Path::toString).orElse(""));
    settings.put("out.push", o.push().map(ImageReference::toString).orElse(""));
    settings.put("out.tags", o.extraTags().toString());
    StringBuilder bases = new StringBuilder();
    for (Optional<String> base : request.targets().bases()) {
      bases.append(base.orElse("")).append('=').append(baseIdentity(base)).append('\n');
    }
    settings.put("base", bases.toString());
    Set<Path> excluded = NotInputs.of(request, reports, environment);
    moduleRoots.forEach(root -> excluded.remove(root.toAbsolutePath().normalize()));
    return Fingerprinter.compute(moduleRoots, excluded, settings, request.cacheDir(), environment);
  }

  /**
   * The content of every file the targets add: each file under an added directory, by its path in
   * the image, with its hash and whether it is executable.
   */
  private String addedFiles() throws IOException {
    StringBuilder out = new StringBuilder();
    Map<Path, FileHashCache> caches = new java.util.HashMap<>();
    List<AddedFile> all = new ArrayList<>(request.targets().defaults().image().files());
    request.targets().configured().values().forEach(s -> all.addAll(s.image().files()));
    for (AddedFile f : all) {
      List<Path> files = new ArrayList<>();
      if (Files.isDirectory(f.source())) {
        try (java.util.stream.Stream<Path> walk = Files.walk(f.source())) {
          walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
      } else {
        files.add(f.source());
      }
      for (Path file : files) {
        FileHashCache hashes = caches.get(file.getParent());
        if (hashes == null) {
          hashes = FileHashCache.load(request.cacheDir(), file.getParent());
          caches.put(file.getParent(), hashes);
        }
        String hash = hashes.hash(file, file.getFileName().toString());
        out.append(f.target())
            .append(' ')
            .append(f.source().relativize(file))
            .append(' ')
            .append(hash)
            .append(Files.isExecutable(file) ? " x" : "")
            .append('\n');
      }
    }
    for (FileHashCache hashes : caches.values()) {
      hashes.save();
    }
    return out.toString();
  }

  /** The base as an input: the CA bundle's digest for the generated base, else the image digest. */
  private String baseIdentity(Optional<String> base) throws SlipwayException, IOException {
    if (base.isEmpty()) {
      Optional<Path> ca =
          request.caBundle().isPresent() ? request.caBundle() : StaticBaseLayer.hostCaBundlePath();
      if (ca.isEmpty() || !Files.isRegularFile(ca.get())) {
        return "static ca missing"; // the build itself will say what is wrong
      }
      Path file = ca.get().toAbsolutePath();
      FileHashCache hashes = FileHashCache.load(request.cacheDir(), file.getParent());
      String hash = hashes.hash(file, file.getFileName().toString());
      hashes.save();
      return "static ca " + hash;
    }
    if (base.get().equals(BuildRequest.SCRATCH)) {
      return "scratch";
    }
    ImageReference ref = Outputs.parseReference("base", base.get());
    if (ref.digest() != null) {
      return ref.toString();
    }
    Optional<ManifestDescriptor> head = outputs.registry().headManifest(ref);
    return ref + "@" + head.map(h -> h.digest().toString()).orElse("missing");
  }

  Optional<Memo> reusable(Fingerprint fingerprint) throws SlipwayException, IOException {
    Optional<Memo> memo = memos.lookup(fingerprint.key());
    if (memo.isEmpty()) {
      return Optional.empty();
    }
    for (Publisher p :
        outputs.publishers(LayerFetcher.localOnly(), null, memo.get().targets().size())) {
      if (!p.isPresent(memo.get())) {
        return Optional.empty();
      }
    }
    return memo;
  }

  void remember(Fingerprint fingerprint, Memo memo) throws IOException {
    memos.save(fingerprint.key(), memo);
  }

  BuildSummary summary(Memo memo, Timeline timeline) {
    List<BuildSummary.TargetResult> targets = new ArrayList<>();
    for (Memo.Entry e : memo.targets()) {
      targets.add(
          new BuildSummary.TargetResult(
              e.name(), e.importPath(), List.of(e.platforms().split(",")), e.digest(), e.image()));
    }
    return new BuildSummary(
        targets,
        new BuildSummary.BlobStats(0, 0, 0, 0),
        BuildSummary.CacheStats.none(true),
        timeline.spans(),
        timeline.elapsedMs());
  }
}
