package dev.slipway.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real go (offline, one {@code go list}, no compiling) judges which import paths are malformed:
 * ko asks go, so Slipway must reject what go rejects, with go's words.
 */
class KoImportPathGoCrossCheckTest {
  private static final String MODULE = "example.com/m";

  /** Paths whose syntax go judges alone: no cleaning (//, trailing /, ..) and no patterns. */
  private static final List<String> PATHS =
      List.of(
          MODULE + "/cmd/app",
          MODULE + "/a_b-c~d/e.f",
          MODULE + "/a+b",
          MODULE + "/.hidden",
          MODULE + "/x~",
          MODULE + "/x~1",
          MODULE + "/com1x",
          MODULE + "/lpt9.txt",
          MODULE + "/aux.go",
          MODULE + "/CON",
          MODULE + "/a./b",
          MODULE + "/a b",
          MODULE + "/ä",
          MODULE + "/a:b",
          MODULE + "/a!b",
          "-x");

  @TempDir Path dir;

  @Test
  void slipwayRejectsExactlyThePathsGoCallsMalformedAndSaysWhyInGosWords() throws Exception {
    Map<String, String> goProblems = goList(PATHS);

    Map<String, String> ours = new LinkedHashMap<>();
    for (String path : PATHS) {
      try {
        new KoImportPath(path);
        ours.put(path, "");
      } catch (IllegalArgumentException e) {
        ours.put(
            path, e.getMessage().replace("ko://" + path + " is not a valid import path: ", ""));
      }
    }

    assertThat(ours).isEqualTo(goProblems);
    assertThat(ours.values()).filteredOn(String::isEmpty).hasSizeBetween(4, PATHS.size() - 4);
  }

  /** For each path, go's reason it is malformed, or "" when go finds nothing wrong with it. */
  private Map<String, String> goList(List<String> paths) throws Exception {
    Path module = Files.createDirectories(dir.resolve("m"));
    Files.writeString(module.resolve("go.mod"), "module " + MODULE + "\n\ngo 1.21\n");
    List<String> command =
        new ArrayList<>(
            List.of("go", "list", "-e", "-f", "{{.ImportPath}}|{{with .Error}}{{.Err}}{{end}}"));
    command.add("--");
    command.addAll(paths);
    ProcessBuilder pb = new ProcessBuilder(command).directory(module.toFile());
    pb.environment().clear();
    pb.environment().putAll(TestEnvironment.cold(dir.resolve("env")));
    pb.environment().put("GOFLAGS", "-mod=mod");
    pb.environment().put("GOPROXY", "off");
    pb.environment().put("GOWORK", "off");
    pb.redirectError(dir.resolve("stderr").toFile());
    Process process = pb.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    Map<String, String> problems = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      int bar = line.indexOf('|');
      if (bar < 0) {
        continue;
      }
      String path = line.substring(0, bar);
      String error = line.substring(bar + 1);
      String malformed = "malformed import path \"" + path + "\": ";
      problems.put(path, error.startsWith(malformed) ? error.substring(malformed.length()) : "");
    }
    assertThat(problems.keySet()).as("go listed every path").containsExactlyElementsOf(paths);
    return problems;
  }
}
