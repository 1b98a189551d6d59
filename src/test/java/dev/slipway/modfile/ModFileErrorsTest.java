package dev.slipway.modfile;

import static dev.slipway.modfile.Samples.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModFileErrorsTest {
  static Stream<BadModFiles.Case> cases() {
    return Stream.concat(BadModFiles.SAME_AS_GO.stream(), BadModFiles.SLIPWAY_ONLY.stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void malformedFilesFailNamingFileAndLine(BadModFiles.Case c) {
    assertThatThrownBy(() -> ModFile.parse("go.mod", bytes(c.content())))
        .isInstanceOf(UsageException.class)
        .hasMessage(c.message());
  }

  @Test
  void usageErrorsExitWithCodeTwo() {
    assertThatThrownBy(() -> ModFile.parse("go.mod", bytes("bogus\n")))
        .isInstanceOfSatisfying(UsageException.class, e -> assertThat(e.exitCode()).isEqualTo(2));
  }

  @Test
  void randomBytesNeverFailWithAnythingButAUsageError() {
    Random random = new Random(42);
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] data = new byte[random.nextInt(64)];
      random.nextBytes(data);
      if (random.nextBoolean()) {
        data =
            ("module m\n" + new String(data, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1);
      }
      accepted += parses(data) ? 1 : 0;
    }
    assertThat(accepted).isLessThan(20_000);
  }

  @Test
  void tokenSoupNeverFailsWithAnythingButAUsageError() {
    List<String> words =
        List.of(
            "module",
            "require",
            "replace",
            "exclude",
            "retract",
            "go",
            "toolchain",
            "godebug",
            "tool",
            "ignore",
            "(",
            ")",
            "[",
            "]",
            ",",
            "=>",
            "\n",
            "\n",
            " ",
            "//",
            "// indirect",
            "\"",
            "`",
            "\\",
            "example.com/a",
            "example.com/a/v2",
            "v1.0.0",
            "v2.0.0",
            "./x",
            "k=v",
            "1.21",
            "go1.21",
            "\r\n",
            "\t",
            "/*",
            "@",
            "\u00e9",
            "\uFEFF");
    Random random = new Random(7);
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder("module m\n");
      for (int n = random.nextInt(30); n > 0; n--) {
        b.append(words.get(random.nextInt(words.size()))).append(random.nextInt(3) == 0 ? "" : " ");
      }
      accepted += parses(bytes(b.toString())) ? 1 : 0;
    }
    assertThat(accepted).isPositive().isLessThan(20_000);
  }

  private static boolean parses(byte[] data) {
    try {
      ModFile.parse("go.mod", data);
      return true;
    } catch (UsageException e) {
      assertThat(e.getMessage()).startsWith("go.mod");
      return false;
    }
  }
}
