package dev.slipway.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgnoreRulesTest {
  @Test
  void aNamePatternMatchesAnywhereInTheTree() {
    IgnoreRules rules = IgnoreRules.parse(List.of("*.md"));
    assertThat(rules.ignores(Path.of("README.md"), false)).isTrue();
    assertThat(rules.ignores(Path.of("a/b/NOTES.md"), false)).isTrue();
    assertThat(rules.ignores(Path.of("main.go"), false)).isFalse();
  }

  @Test
  void aPatternWithASlashMatchesFromTheModuleRootOnly() {
    IgnoreRules rules = IgnoreRules.parse(List.of("/docs/*.txt"));
    assertThat(rules.ignores(Path.of("docs/a.txt"), false)).isTrue();
    assertThat(rules.ignores(Path.of("sub/docs/a.txt"), false)).isFalse();
    assertThat(rules.ignores(Path.of("a.txt"), false)).isFalse();
  }

  @Test
  void aTrailingSlashMatchesDirectoriesOnly() {
    IgnoreRules rules = IgnoreRules.parse(List.of("testdata/"));
    assertThat(rules.ignores(Path.of("pkg/testdata"), true)).isTrue();
    assertThat(rules.ignores(Path.of("pkg/testdata"), false)).isFalse();
  }

  @Test
  void commentsAndBlankLinesAreNotPatterns() {
    IgnoreRules rules = IgnoreRules.parse(List.of("# *.go", "", "   "));
    assertThat(rules.ignores(Path.of("main.go"), false)).isFalse();
    assertThat(rules.ignores(Path.of("x"), true)).isFalse();
  }

  @Test
  void noRulesIgnoreNothing() {
    assertThat(IgnoreRules.none().ignores(Path.of("README.md"), false)).isFalse();
  }

  @Test
  void rulesLoadFromTheModulesSlipwayignore(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve(".slipwayignore"), "*.log\n");
    IgnoreRules rules = IgnoreRules.load(tmp);
    assertThat(rules.ignores(Path.of("x/debug.log"), false)).isTrue();
    assertThat(IgnoreRules.load(tmp.resolve("missing")).ignores(Path.of("a.log"), false)).isFalse();
  }
}
