package dev.slipway.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** go's {@code ...} patterns, matched against a repository's directories. */
class PackagePatternsTest {
  @TempDir Path root;

  @Test
  void threeDotsMatchAnyPathAndATrailingOneTheDirectoryItself() {
    assertThat(PackagePatterns.regex("...").matcher(".").matches()).isTrue();
    assertThat(PackagePatterns.regex("...").matcher("cmd/api").matches()).isTrue();
    assertThat(PackagePatterns.regex("cmd/...").matcher("cmd").matches()).isTrue();
    assertThat(PackagePatterns.regex("cmd/...").matcher("cmd/api").matches()).isTrue();
    assertThat(PackagePatterns.regex("cmd/...").matcher("cmdx").matches()).isFalse();
    assertThat(PackagePatterns.regex("a...").matcher("api/v2").matches()).isTrue();
    assertThat(PackagePatterns.regex("a...").matcher("worker").matches()).isFalse();
  }

  @Test
  void aPatternSplitsAtTheDirectoryHoldingItsFirstWildcard() {
    assertThat(PackagePatterns.split("./...")).containsExactly(".", "...");
    assertThat(PackagePatterns.split("./cmd/...")).containsExactly("./cmd", "...");
    assertThat(PackagePatterns.split("example.com/svc/cmd/a..."))
        .containsExactly("example.com/svc/cmd", "a...");
    assertThat(PackagePatterns.split("/src/...")).containsExactly("/src", "...");
  }

  @Test
  void matchingSkipsWhatGoSkipsAndTellsMainPackagesFromOthers() throws Exception {
    new Fixture(root)
        .module("svc", "example.com/svc", "cmd/api")
        .file("svc/cmd/tool/tool.go", "/* Command tool. */\n//go:build linux\n\npackage main\n")
        .file("svc/internal/store/store.go", "// Package store.\npackage store\n")
        .file("svc/internal/store/main_test.go", "package main\n")
        .file("svc/cmd/api/testdata/x/main.go", "package main\n")
        .file("svc/vendor/example.com/dep/dep.go", "package dep\n")
        .file("svc/_old/main.go", "package main\n")
        .file("svc/.cache/main.go", "package main\n")
        .file("svc/tools/go.mod", "module example.com/svc/tools\n")
        .file("svc/tools/main.go", "package main\n")
        .file("svc/docs/README.md", "no Go here\n");

    assertThat(PackagePatterns.match(root, "svc", "..."))
        .containsExactly(
            new PackagePatterns.Match("svc/cmd/api", "cmd/api", true),
            new PackagePatterns.Match("svc/cmd/tool", "cmd/tool", true),
            new PackagePatterns.Match("svc/internal/store", "internal/store", false));
    assertThat(PackagePatterns.match(root, "svc/cmd", "a..."))
        .containsExactly(new PackagePatterns.Match("svc/cmd/api", "api", true));
    assertThat(PackagePatterns.match(root, "svc/missing", "...")).isEmpty();
  }
}
