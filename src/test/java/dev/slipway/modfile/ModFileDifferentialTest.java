package dev.slipway.modfile;

import static dev.slipway.modfile.Samples.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Randomly damaged go.mod files: Slipway and the real go must agree on each, word for word. */
@Tag("integration")
class ModFileDifferentialTest {
  private static final List<String> PIECES =
      List.of(
          "(",
          ")",
          "[",
          "]",
          ",",
          "\"",
          "`",
          "'",
          "/",
          "//",
          "/*",
          "\\",
          "\n",
          "\n\n",
          " ",
          "\t",
          "v",
          "1",
          ".",
          "-",
          "+",
          "=>",
          "@",
          "=",
          "indirect",
          "// indirect",
          "Deprecated: ",
          "\r",
          "v2",
          "/v2",
          "x",
          "\u00e9",
          "\u2028",
          "\u0000");

  @TempDir Path dir;

  @Test
  void slipwayAndGoAgreeOnDamagedFiles() throws Exception {
    Random random = new Random(20240611);
    int agreedFailures = 0;
    for (int i = 0; i < 400; i++) {
      String sample = Samples.VALID.get(random.nextInt(Samples.VALID.size()));
      String damaged = damage(sample, random);
      String name = dir.resolve("go.mod").toString();
      GoCommand.Result go = GoCommand.modEditJson(dir, bytes(damaged));
      String ours;
      ModFile parsed = null;
      try {
        parsed = ModFile.parse(name, bytes(damaged));
        ours = "";
      } catch (UsageException e) {
        ours = e.getMessage();
      }
      String oursLikeGo = withoutStricterChecks(ours);
      assertThat(oursLikeGo).as("input:\n%s", damaged).isEqualTo(goErrors(go.error()));
      if (go.ok() && ours.isEmpty()) {
        assertThat(GoJson.of(parsed))
            .as("input:\n%s", damaged)
            .isEqualTo(GoJson.normalize(go.json()));
      } else {
        agreedFailures++;
      }
    }
    assertThat(agreedFailures).isGreaterThan(50);
  }

  /** Drops errors go mod edit leaves to the go command, or that Slipway adds (see ModFile). */
  private static String withoutStricterChecks(String ours) {
    if (ours.contains("missing module declaration")) {
      return "";
    }
    List<String> kept = new ArrayList<>();
    boolean skipping = false;
    for (String line : ours.split("\n", -1)) {
      if (line.startsWith("\t") && skipping) {
        continue; // the rest of a skipped message
      }
      skipping =
          line.contains("malformed module path")
              || line.endsWith("invalid module path: \"\"")
              || line.contains("conflicting replacements");
      if (!skipping) {
        kept.add(line);
      }
    }
    return String.join("\n", kept);
  }

  private static String goErrors(String stderr) {
    return stderr.isEmpty() ? "" : stderr.substring(stderr.indexOf('\n') + 1, stderr.length() - 1);
  }

  private static String damage(String s, Random random) {
    StringBuilder b = new StringBuilder(s);
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      int at = random.nextInt(b.length() + 1);
      switch (random.nextInt(4)) {
        case 0 -> {
          if (at < b.length()) {
            b.deleteCharAt(at);
          }
        }
        case 1, 2 -> b.insert(at, PIECES.get(random.nextInt(PIECES.size())));
        default -> {
          List<String> lines = new ArrayList<>(Arrays.asList(b.toString().split("\n", -1)));
          int line = random.nextInt(lines.size());
          if (random.nextBoolean()) {
            lines.add(random.nextInt(lines.size()), lines.get(line));
          } else {
            lines.remove(line);
          }
          b = new StringBuilder(String.join("\n", lines));
        }
      }
    }
    return b.toString();
  }
}
