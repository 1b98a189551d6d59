package dev.slipway.modfile;

import static dev.slipway.modfile.Samples.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.ModuleVersion;
import dev.slipway.core.UsageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoSumTest {
  private static final String UUID_ZIP = "h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=";
  private static final String UUID_MOD = "h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=";
  private static final String TEXT_MOD = "h1:0+2DDw0f9IhmNeP1K85Jk2aXL0bnVeg3FR35g2SOvfY=";

  private static final String SUM =
      "github.com/google/uuid v1.6.0 "
          + UUID_ZIP
          + "\n"
          + "github.com/google/uuid v1.6.0/go.mod "
          + UUID_MOD
          + "\n"
          + "\n"
          + "golang.org/x/text v0.14.0/go.mod "
          + TEXT_MOD
          + "\n"
          + "example.com/Upper v1.0.0 h2:future-algorithm\n";

  private static ModuleVersion mv(String s) {
    return ModuleVersion.parse(s);
  }

  private static GoSum parse(String text) throws UsageException {
    return GoSum.parse("go.sum", bytes(text));
  }

  @Test
  void zipAndGoModHashesAreLookedUpByModuleVersion() throws Exception {
    GoSum sum = parse(SUM);

    assertThat(sum.zipHash(mv("github.com/google/uuid@v1.6.0"))).contains(UUID_ZIP);
    assertThat(sum.modHash(mv("github.com/google/uuid@v1.6.0"))).contains(UUID_MOD);
    assertThat(sum.zipHash(mv("golang.org/x/text@v0.14.0"))).isEmpty();
    assertThat(sum.modHash(mv("golang.org/x/text@v0.14.0"))).contains(TEXT_MOD);
    assertThat(sum.zipHash(mv("example.com/none@v1.0.0"))).isEmpty();
  }

  @Test
  void modulesHaveAZipHashAndModOnlyOnesOnlyAGoModHash() throws Exception {
    GoSum sum = parse(SUM);

    assertThat(sum.modules()).containsExactly(mv("github.com/google/uuid@v1.6.0"));
    assertThat(sum.modOnly()).containsExactly(mv("golang.org/x/text@v0.14.0"));
  }

  @Test
  void unknownHashAlgorithmsAreKeptButNeverUsed() throws Exception {
    GoSum sum = parse(SUM);

    assertThat(sum.entries())
        .filteredOn(e -> !e.knownAlgorithm())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.hash()).isEqualTo("h2:future-algorithm");
              assertThat(e.line()).isEqualTo(5);
            });
    assertThat(sum.zipHash(mv("example.com/Upper@v1.0.0"))).isEmpty();
    assertThat(sum.modules()).doesNotContain(mv("example.com/Upper@v1.0.0"));
  }

  @Test
  void whitespaceAndCrlfAreFieldSeparatorsAsInGo() throws Exception {
    GoSum sum = parse("  \t\r\nexample.com/a\tv1.0.0   " + UUID_ZIP + "\r\n\r\n");

    assertThat(sum.zipHash(mv("example.com/a@v1.0.0"))).contains(UUID_ZIP);
  }

  @Test
  void theEmptyGoModHashFromAnOldGoBugIsDropped() throws Exception {
    GoSum sum = parse("example.com/a v1.0.0/go.mod " + GoSum.EMPTY_GO_MOD_HASH + "\n");

    assertThat(sum.entries()).isEmpty();
    assertThat(sum.modOnly()).isEmpty();
  }

  @Test
  void theFirstOfTwoHashesForOneModuleIsTheOneLookedUp() throws Exception {
    GoSum sum =
        parse("example.com/a v1.0.0 " + UUID_ZIP + "\nexample.com/a v1.0.0 " + UUID_MOD + "\n");

    assertThat(sum.zipHash(mv("example.com/a@v1.0.0"))).contains(UUID_ZIP);
    assertThat(sum.entries()).hasSize(2);
  }

  @Test
  void aLineWithoutThreeFieldsFailsInGosWords() {
    assertThatThrownBy(() -> parse(SUM + "example.com/a v1.0.0\n"))
        .isInstanceOf(UsageException.class)
        .hasMessage("malformed go.sum:\ngo.sum:6: wrong number of fields 2");
    assertThatThrownBy(() -> parse("a b c d"))
        .hasMessage("malformed go.sum:\ngo.sum:1: wrong number of fields 4");
  }

  @Test
  void aMalformedH1HashFailsNamingItsLine() {
    assertThatThrownBy(() -> parse("\nexample.com/a v1.0.0 h1:abc\n"))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "malformed go.sum:\ngo.sum:2: malformed h1 hash \"h1:abc\" (want base64 of 32 bytes)");
  }

  @Test
  void anInvalidModuleOrVersionFailsNamingItsLine() {
    assertThatThrownBy(() -> parse("example.com/a latest " + UUID_ZIP + "\n"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("malformed go.sum:\ngo.sum:1: invalid version 'latest'");
    assertThatThrownBy(() -> parse("/abs v1.0.0 " + UUID_ZIP + "\n"))
        .hasMessageStartingWith("malformed go.sum:\ngo.sum:1: invalid module path");
  }

  @Test
  void parsingAPathNamesTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("go.sum");
    java.nio.file.Files.writeString(file, "x\n");

    assertThatThrownBy(() -> GoSum.parse(file))
        .hasMessage("malformed go.sum:\n" + file + ":1: wrong number of fields 1");
    assertThatThrownBy(() -> GoSum.parse(dir.resolve("missing")))
        .isInstanceOf(UsageException.class);
  }

  @Test
  void randomLinesNeverFailWithAnythingButAUsageError() {
    Random random = new Random(3);
    String[] words = {
      "example.com/a",
      "v1.0.0",
      "v1.0.0/go.mod",
      UUID_ZIP,
      "h2:x",
      " ",
      "\t",
      "\n",
      "\r",
      "/go.mod",
      "h1:",
      "=",
      "@",
      "\u00e9"
    };
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int n = random.nextInt(12); n > 0; n--) {
        if (random.nextInt(4) == 0) {
          byte[] junk = new byte[random.nextInt(8)];
          random.nextBytes(junk);
          b.append(new String(junk, StandardCharsets.ISO_8859_1));
        } else {
          b.append(words[random.nextInt(words.length)]).append(' ');
        }
      }
      try {
        GoSum.parse("go.sum", b.toString().getBytes(StandardCharsets.UTF_8));
        accepted++;
      } catch (UsageException e) {
        assertThat(e.getMessage()).startsWith("malformed go.sum:\ngo.sum:");
      }
    }
    assertThat(accepted).isPositive().isLessThan(20_000);
  }

  @Test
  @Tag("integration")
  void goReportsAWrongFieldCountInTheSameWords(@TempDir Path dir) throws Exception {
    byte[] goMod = bytes("module example.com/m\n\ngo 1.22\n\nrequire example.com/dep v1.0.0\n");
    byte[] goSum =
        bytes("example.com/dep v1.0.0 " + UUID_ZIP + "\n\nexample.com/dep v1.0.0/go.mod\n");

    GoCommand.Result go = GoCommand.listModules(dir, goMod, goSum);
    String name = dir.resolve("go.sum").toString();

    assertThat(go.ok()).isFalse();
    assertThatThrownBy(() -> GoSum.parse(name, goSum))
        .satisfies(e -> assertThat(go.error()).isEqualTo(e.getMessage() + "\n"));
  }
}
