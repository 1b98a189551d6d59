package dev.slipway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** .dockerignore's meaning, case by case as moby's patternmatcher decides them. */
class ExcludeRulesTest {
  private static boolean excluded(List<String> patterns, String path) {
    return ExcludeRules.of(patterns).excludes(path);
  }

  @Test
  void starsStayWithinOneElementAndDoubleStarsCrossThem() {
    assertThat(excluded(List.of("*.md"), "README.md")).isTrue();
    assertThat(excluded(List.of("*.md"), "docs/guide.md")).isFalse();
    assertThat(excluded(List.of("**/*.md"), "docs/guide.md")).isTrue();
    assertThat(excluded(List.of("**/*.md"), "README.md")).isTrue();
    assertThat(excluded(List.of("docs/**"), "docs/a/b.txt")).isTrue();
    assertThat(excluded(List.of("file?.txt"), "file1.txt")).isTrue();
    assertThat(excluded(List.of("file?.txt"), "file10.txt")).isFalse();
    assertThat(excluded(List.of("file[0-4].txt"), "file3.txt")).isTrue();
    assertThat(excluded(List.of("file[^0-4].txt"), "file3.txt")).isFalse();
  }

  @Test
  void aDirectoryTakesEverythingBelowItAndTheLastMatchDecides() {
    assertThat(excluded(List.of("templates/drafts"), "templates/drafts/a/b.html")).isTrue();
    assertThat(excluded(List.of("templates/drafts"), "templates/draftsx.html")).isFalse();
    List<String> keepOne = List.of("static", "!static/site.css");
    assertThat(excluded(keepOne, "static/site.css")).isFalse();
    assertThat(excluded(keepOne, "static/old.css")).isTrue();
    assertThat(excluded(List.of("!static/site.css", "static"), "static/site.css")).isTrue();
  }

  @Test
  void patternsAreCleanedAsDockerCleansThem() {
    assertThat(excluded(List.of("/build/"), "build/out.bin")).isTrue();
    assertThat(excluded(List.of("./a/../b"), "b/c")).isTrue();
    assertThat(excluded(List.of("  *.tmp  "), "x.tmp")).isTrue();
    assertThat(excluded(List.of("a.b"), "axb")).isFalse(); // a dot is a dot
    assertThat(ExcludeRules.of(List.of("", "   ")).isEmpty()).isTrue();
  }
}
