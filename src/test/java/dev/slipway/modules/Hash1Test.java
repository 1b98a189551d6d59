package dev.slipway.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.Digest;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hash1Test {
  @TempDir Path dir;

  @Test
  void emptyGoModHashesToTheKnownVector() {
    assertThat(Hash1.ofGoMod(new byte[0]))
        .isEqualTo("h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=");
  }

  @Test
  void entryOrderInTheZipDoesNotChangeTheHash() throws Exception {
    Map<String, byte[]> ab = new LinkedHashMap<>();
    ab.put("m@v1.0.0/a", Fixtures.utf8("A"));
    ab.put("m@v1.0.0/B", Fixtures.utf8("b"));
    Map<String, byte[]> ba = new LinkedHashMap<>();
    ba.put("m@v1.0.0/B", Fixtures.utf8("b"));
    ba.put("m@v1.0.0/a", Fixtures.utf8("A"));

    assertThat(Hash1.ofZip(Fixtures.zip(dir.resolve("ab.zip"), ab)))
        .isEqualTo(Hash1.ofZip(Fixtures.zip(dir.resolve("ba.zip"), ba)))
        .startsWith("h1:");
  }

  @Test
  void namesSortByUtf8BytesNotByUtf16() {
    // In UTF-16 the emoji (a D83D surrogate) sorts before U+FF21; in UTF-8 (F0.. vs EF..) after.
    String fullwidth = "\uFF21";
    String emoji = "\uD83D\uDE00";
    String a = "11".repeat(32);
    String b = "22".repeat(32);
    String summaryInUtf8Order = b + "  " + fullwidth + "\n" + a + "  " + emoji + "\n";
    String expected =
        "h1:"
            + Base64.getEncoder()
                .encodeToString(Digest.newSha256().digest(Fixtures.utf8(summaryInUtf8Order)));

    assertThat(Hash1.of(List.of(new Hash1.FileHash(emoji, a), new Hash1.FileHash(fullwidth, b))))
        .isEqualTo(expected);
  }

  @Test
  void aNameWithANewlineIsRejected() {
    assertThatThrownBy(() -> Hash1.of(List.of(new Hash1.FileHash("a\nb", "00".repeat(32)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("newline");
  }
}
