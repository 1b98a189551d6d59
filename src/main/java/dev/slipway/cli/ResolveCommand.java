package dev.slipway.cli;

import dev.slipway.core.UsageException;
import dev.slipway.kube.KoImportPath;
import dev.slipway.kube.KoReference;
import dev.slipway.kube.KoReferences;
import dev.slipway.kube.KoRewriter;
import dev.slipway.kube.LabelSelector;
import dev.slipway.kube.ReferencedPackages;
import dev.slipway.kube.ResolveInputs;
import dev.slipway.kube.ResolvedStream;
import dev.slipway.kube.Selection;
import dev.slipway.kube.YamlSource;
import dev.slipway.plan.BuildRequest;
import dev.slipway.record.BuildSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slipway resolve}: as ko's, builds every {@code ko://} reference in Kubernetes YAML in one
 * build, pushes the images, and prints the YAML with only those strings replaced by {@code
 * repo@sha256:...}; with {@code -l}, only the objects the label selector matches.
 */
@Command(
    name = "resolve",
    description =
        "Build and push every ko:// reference in Kubernetes YAML; print the YAML with each replaced"
            + " by its image digest.",
    mixinStandardHelpOptions = true)
final class ResolveCommand implements Callable<Integer> {
  private final Invocation run;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE|DIR|-",
      required = true,
      description =
          "YAML to resolve: a file, a directory (its .yaml and .json files), or - for"
              + " standard input (repeatable).")
  List<String> filenames = new ArrayList<>();

  @Option(
      names = {"-R", "--recursive"},
      description = "Read directories given with -f recursively.")
  boolean recursive;

  @Option(
      names = {"-l", "--selector"},
      paramLabel = "SELECTOR",
      description =
          "Keep only the objects whose labels match this Kubernetes label selector (a=b, a!=b,"
              + " a in (x,y), a notin (x), a, !a; comma means and), and build only their"
              + " references.")
  String selector = "";

  @Mixin BuildOptions options = new BuildOptions();

  @Mixin ReportOptions reports = new ReportOptions();

  ResolveCommand(Invocation run) {
    this.run = run;
  }

  @Override
  public Integer call() throws Exception {
    LabelSelector labels = labelSelector();
    List<Selection> selections = new ArrayList<>();
    List<List<KoReference>> references = new ArrayList<>();
    Set<String> paths = new LinkedHashSet<>();
    for (YamlSource source : ResolveInputs.read(run.cwd(), filenames, recursive, run.in())) {
      // ko selects documents before it looks at their references: only the kept ones build.
      Selection selection = labels == null ? Selection.all(source) : Selection.of(source, labels);
      List<KoReference> found = KoReferences.find(selection);
      selections.add(selection);
      references.add(found);
      found.forEach(ref -> paths.add(ref.importPath().path()));
    }
    Map<String, String> images = paths.isEmpty() ? Map.of() : build(paths);
    for (int i = 0; i < selections.size(); i++) {
      String text = KoRewriter.rewrite(selections.get(i), references.get(i), images);
      run.out().print(ResolvedStream.delimited(text, i == 0));
    }
    run.out().flush();
    return 0;
  }

  /** Builds and pushes {@code paths} in one build: the image of each. */
  private Map<String, String> build(Set<String> paths) throws Exception {
    BuildRequest request = options.request(List.copyOf(paths), run.env(), run.paths());
    if (request.outputs().push().isEmpty()) {
      throw new UsageException(
          "resolve pushes what it builds: give --push REPO (or set SLIPWAY_REPO or"
              + " KO_DOCKER_REPO)");
    }
    // Read before the build, so that a reference it cannot place fails before any push.
    Map<String, String> importPaths = new LinkedHashMap<>();
    for (String path : paths) {
      importPaths.put(
          path, ReferencedPackages.importPath(request.workDir(), new KoImportPath(path)));
    }
    BuildSummary summary = BuildRuns.run(request, reports, options.json, run, done -> {});
    Map<String, String> images = new LinkedHashMap<>();
    for (Map.Entry<String, String> path : importPaths.entrySet()) {
      images.put(path.getKey(), imageOf(path.getKey(), path.getValue(), summary));
    }
    return images;
  }

  /** The {@code -l} selector, or null without one: ko reads an empty selector as none. */
  private LabelSelector labelSelector() throws UsageException {
    if (selector.isEmpty()) {
      return null;
    }
    try {
      return LabelSelector.parse(selector);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--selector '" + selector + "': " + e.getMessage(), e);
    }
  }

  /**
   * The pushed image of the target built with {@code importPath}, which ko://{@code path} names.
   */
  private static String imageOf(String path, String importPath, BuildSummary summary)
      throws UsageException {
    for (BuildSummary.TargetResult t : summary.targets()) {
      if (t.importPath().equals(importPath) && !t.image().isEmpty()) {
        return t.image();
      }
    }
    throw new UsageException("ko://" + path + " built no image (is it a main package?)");
  }
}
