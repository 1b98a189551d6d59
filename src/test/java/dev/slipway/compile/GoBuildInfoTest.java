package dev.slipway.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoBuildInfoTest {
  @TempDir Path dir;

  @Test
  void parsesModulesReplacementsAndQuotedSettingsAsGosParserDoes() {
    GoBuildInfo info =
        GoBuildInfo.parse(
            "go1.26.0",
            """
            go\tgo1.26.0
            path\texample.com/shop/cmd/checkout
            mod\texample.com/shop\t(devel)\t
            dep\tgolang.org/x/sync\tv0.10.0\th1:abc=
            dep\texample.com/platform\tv0.0.0\t
            =>\t../platform\t(devel)\t
            build\t-ldflags="-s -w -X \\"main.v=1\\""
            build\t"odd key"=`raw value`
            build\tCGO_ENABLED=0
            future\tlines are skipped
            """);
    assertThat(info.path()).isEqualTo("example.com/shop/cmd/checkout");
    assertThat(info.main().version()).isEqualTo("(devel)");
    assertThat(info.deps()).hasSize(2);
    assertThat(info.deps().get(0).sum()).isEqualTo("h1:abc=");
    assertThat(info.deps().get(1).replace().path()).isEqualTo("../platform");
    assertThat(info.deps().get(1).effective().version()).isEqualTo("(devel)");
    assertThat(info.settings())
        .containsExactly(
            org.assertj.core.api.Assertions.entry("-ldflags", "-s -w -X \"main.v=1\""),
            org.assertj.core.api.Assertions.entry("odd key", "raw value"),
            org.assertj.core.api.Assertions.entry("CGO_ENABLED", "0"));
  }

  @Test
  void malformedLinesAreRejectedWithTheirLineNumber() {
    assertThatThrownBy(() -> GoBuildInfo.parse("go1", "path\tp\n=>\ta\tb\tc\n"))
        .hasMessageContaining("line 2: replacement with no module on previous line");
    assertThatThrownBy(() -> GoBuildInfo.parse("go1", "dep\tonly-a-path\n"))
        .hasMessageContaining("line 1: expected 2 or 3 columns; got 1");
    assertThatThrownBy(() -> GoBuildInfo.parse("go1", "build\tnoequals\n"))
        .hasMessageContaining("line 1: build line missing '=' after key");
    assertThatThrownBy(() -> GoBuildInfo.parse("go1", "build\tk=\"unterminated\n"))
        .hasMessageContaining("invalid quoted value");
  }

  @Test
  void goStringLiteralsUnquoteAsStrconvDoes() {
    assertThat(GoStrings.unquote("\"a\\tb\\n\\\\\\\"\"")).isEqualTo("a\tb\n\\\"");
    assertThat(GoStrings.unquote("\"\\u00e4\\U0001F600\\x41\\101\"")).isEqualTo("ä😀AA");
    assertThat(GoStrings.unquote("\"\\xc3\\xa4\"")).isEqualTo("ä");
    assertThat(GoStrings.unquote("`a\\n`")).isEqualTo("a\\n");
    assertThat(GoStrings.quotedPrefixLength("\"ab\"=x")).isEqualTo(4);
    assertThatThrownBy(() -> GoStrings.unquote("\"\\q\""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GoStrings.unquote("\"\\x+1\""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTruncatedOrForeignBinaryIsAnIoErrorNotACrash() throws IOException {
    Path empty = Files.write(dir.resolve("empty"), new byte[0]);
    assertThatThrownBy(() -> GoBuildInfo.read(empty)).isInstanceOf(IOException.class);
    byte[] elf = new byte[64];
    elf[0] = 0x7f;
    elf[1] = 'E';
    elf[2] = 'L';
    elf[3] = 'F';
    elf[4] = 2;
    elf[5] = 1;
    elf[0x28] = 0x7f; // section headers far past the end of the file
    elf[0x3A] = 64;
    elf[0x3C] = 3;
    elf[0x3E] = 1;
    Path broken = Files.write(dir.resolve("broken"), elf);
    assertThatThrownBy(() -> GoBuildInfo.read(broken))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no .go.buildinfo section");
  }
}
