package dev.slipway.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A target's {@code main}, {@code build} and {@code platforms} from the {@code go build} that made
 * its binary, with notes for what Slipway's build does differently.
 */
final class BuildTranslation {
  /** Variables that change what go builds; the rest are locations or run time settings. */
  private static final Pattern BUILD_ENV =
      Pattern.compile(
          "CGO_[A-Z_]+|GOFLAGS|GOEXPERIMENT|GOAMD64|GO386|GOARM|GOARM64|GOPPC64|GOMIPS|GOMIPS64"
              + "|GORISCV64|GOWASM");

  private static final Set<String> MODULE_ENV =
      Set.of("GOPROXY", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOSUMDB", "GOINSECURE");

  private BuildTranslation() {}

  /**
   * What a target takes from its build.
   *
   * @param main the main package in {@code ./} form
   * @param build the build settings
   * @param platforms the platforms the Dockerfile pinned with GOOS and GOARCH, if it did
   * @param cgo whether it builds with cgo
   */
  record Result(String main, BuildSettings build, List<String> platforms, boolean cgo) {}

  static Result of(GoBinaries.Built built, Notes notes) {
    int line = built.step().instruction().line();
    GoBuild go = built.build();
    Map<String, String> env = new LinkedHashMap<>();
    Set<String> moduleSettings = new TreeSet<>();
    for (Map.Entry<String, String> e : new TreeMap<>(go.env()).entrySet()) {
      if (BUILD_ENV.matcher(e.getKey()).matches() && !platformDependent(e.getValue())) {
        env.put(e.getKey(), e.getValue());
      } else if (MODULE_ENV.contains(e.getKey())) {
        moduleSettings.add(e.getKey() + "=" + e.getValue());
      }
    }
    env.remove("GOARM");
    if (!moduleSettings.isEmpty()) {
      notes.notTranslated(
          line,
          "module download settings ("
              + String.join(", ", moduleSettings)
              + ") are not part of slipway.yaml: set them in the environment slipway runs in");
    }
    boolean cgo = "1".equals(env.get("CGO_ENABLED"));
    if (cgo) {
      notes.notTranslated(
          line,
          "the binary is built with cgo (CGO_ENABLED=1): Slipway builds it so too, but then needs"
              + " a C compiler where slipway runs and a libc in the base image; Slipway's static"
              + " base has none");
    }
    for (String flag : go.flags()) {
      boolean executable =
          Set.of("-buildmode=pie", "-buildmode=exe", "-buildmode=default").contains(flag);
      if (flag.equals("-race") || (flag.startsWith("-buildmode=") && !executable)) {
        notes.notTranslated(line, "go build " + flag + " needs cgo or makes no executable");
      }
    }
    if (go.command().dynamic()) {
      notes.notTranslated(
          line,
          "the go command uses command substitution ($(...) or `...`), which init cannot run: it"
              + " is kept as written; check build.ldflags and build.flags");
    }
    Set<String> unset = new TreeSet<>(go.command().unset());
    unset.removeAll(Stages.PLATFORM_ARGS);
    if (!unset.isEmpty()) {
      notes.translated(
          line,
          "the go command refers to "
              + String.join(", ", unset.stream().map(n -> "$" + n).toList())
              + ", which had no value (an ARG without default?): it was left empty");
    }
    List<String> platforms = platforms(go.env(), line, notes);
    String main = built.main() == null ? null : dotSlash(built.main());
    return new Result(
        main, new BuildSettings(env, go.flags(), go.ldflags(), go.tags()), platforms, cgo);
  }

  /** The platform GOOS and GOARCH pin, when they are constants rather than the target's. */
  private static List<String> platforms(Map<String, String> env, int line, Notes notes) {
    String arch = env.get("GOARCH");
    if (arch == null || arch.isEmpty()) {
      return List.of();
    }
    if (arch.contains("$TARGET")) {
      return List.of();
    }
    if (arch.contains("$BUILD")) {
      notes.notTranslated(
          line,
          "GOARCH="
              + arch
              + " builds for the build machine: Slipway builds for each target"
              + " platform instead");
      return List.of();
    }
    String os = env.getOrDefault("GOOS", "linux");
    String platform = os.contains("$") ? "linux/" + arch : os + "/" + arch;
    String arm = env.get("GOARM");
    if (arch.equals("arm") && arm != null && arm.matches("[0-9]+")) {
      platform += "/v" + arm;
    }
    List<String> out = new ArrayList<>();
    out.add(platform);
    notes.translated(
        line,
        "GOARCH="
            + arch
            + " pins the platform to "
            + platform
            + ": remove platforms to build for"
            + " the platforms slipway is asked for");
    return out;
  }

  private static boolean platformDependent(String value) {
    return value.contains("$TARGET") || value.contains("$BUILD");
  }

  /** A repository path in the {@code ./} form slipway.yaml uses. */
  static String dotSlash(String repoPath) {
    return repoPath.equals(".") ? "." : "./" + repoPath;
  }
}
