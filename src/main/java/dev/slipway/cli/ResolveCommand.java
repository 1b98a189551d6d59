package dev.slipway.cli;

import dev.slipway.core.UsageException;
import dev.slipway.kube.KoImportPath;
import dev.slipway.kube.KoReference;
import dev.slipway.kube.KoReferences;
import dev.slipway.kube.KoRewriter;
import dev.slipway.kube.ResolveInputs;
import dev.slipway.kube.ResolvedStream;
import dev.slipway.kube.YamlSource;
import dev.slipway.plan.BuildRequest;
import dev.slipway.record.BuildSummary;
import java.io.InputStream;
import java.io.PrintStream;
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
 * repo@sha256:...}.
 */
@Command(
    name = "resolve",
    description =
        "Build and push every ko:// reference in Kubernetes YAML; print the YAML with each replaced"
            + " by its image digest.",
    mixinStandardHelpOptions = true)
final class ResolveCommand implements Callable<Integer> {
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

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

  @Mixin BuildOptions options = new BuildOptions();

  @Mixin ReportOptions reports = new ReportOptions();

  ResolveCommand(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    List<YamlSource> sources = ResolveInputs.read(filenames, recursive, in);
    Set<String> paths = new LinkedHashSet<>();
    for (YamlSource source : sources) {
      for (KoReference ref : KoReferences.find(source)) {
        paths.add(ref.importPath().path());
      }
    }
    Map<String, String> images = new LinkedHashMap<>();
    if (!paths.isEmpty()) {
      BuildRequest request = options.request(List.copyOf(paths), env);
      if (request.outputs().push().isEmpty()) {
        throw new UsageException(
            "resolve pushes what it builds: give --push REPO (or set SLIPWAY_REPO)");
      }
      BuildSummary summary = BuildRuns.run(request, reports, options.json, env, err, done -> {});
      for (String path : paths) {
        images.put(path, imageOf(path, summary));
      }
    }
    for (int i = 0; i < sources.size(); i++) {
      out.print(ResolvedStream.delimited(KoRewriter.rewrite(sources.get(i), images), i == 0));
    }
    out.flush();
    return 0;
  }

  /**
   * The pushed image of the target built for {@code path}: the one with that import path, or for a
   * local path ({@code ./cmd/app}) the one whose import path ends with it.
   */
  private static String imageOf(String path, BuildSummary summary) throws UsageException {
    String local = new KoImportPath(path).local() ? path.replaceFirst("^(\\./)+", "") : null;
    for (BuildSummary.TargetResult t : summary.targets()) {
      boolean match =
          local == null ? t.importPath().equals(path) : t.importPath().endsWith("/" + local);
      if (match && !t.image().isEmpty()) {
        return t.image();
      }
    }
    throw new UsageException("ko://" + path + " built no image (is it a main package?)");
  }
}
