package dev.slipway.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackageListerTest {
  @Test
  void parsesGoListsStreamWithModulesAndReplacements() throws Exception {
    String json =
        """
        {"ImportPath": "fmt", "Dir": "/go/src/fmt", "Standard": true, "GoFiles": ["print.go"], "Imports": ["io"]}
        {"ImportPath": "example.com/dep", "Dir": "/mod/dep", "Module": {"Path": "example.com/dep", "Version": "v1.2.0", "Dir": "/mod/dep"},
         "GoFiles": ["z.go", "a.go"], "SFiles": ["asm.s"], "EmbedFiles": ["data.txt"], "Imports": ["fmt"]}
        {"ImportPath": "example.com/fork", "Dir": "/mod/fork", "Module": {"Path": "example.com/fork", "Version": "v1.0.0",
         "Replace": {"Path": "example.com/other", "Version": "v1.0.1"}}, "GoFiles": ["f.go"]}
        {"ImportPath": "example.com/local", "Dir": "/src/local", "Module": {"Path": "example.com/local", "Version": "v0.0.0",
         "Replace": {"Path": "../local", "Dir": "/src/local"}}, "GoFiles": ["l.go"]}
        {"ImportPath": "example.com/m/cmd", "Dir": "/src/m/cmd", "Module": {"Path": "example.com/m", "Main": true},
         "GoFiles": ["main.go"], "Imports": ["example.com/dep", "fmt"], "Deps": ["x"]}
        """;
    List<GoPackage> p =
        PackageLister.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    assertThat(p)
        .extracting(GoPackage::importPath)
        .containsExactly(
            "fmt", "example.com/dep", "example.com/fork", "example.com/local", "example.com/m/cmd");
    assertThat(p.get(0).standard()).isTrue();
    assertThat(p.get(0).local()).isFalse();
    assertThat(p.get(1).files()).containsExactly("a.go", "asm.s", "data.txt", "z.go");
    assertThat(p.get(1).moduleVersion()).contains("example.com/dep@v1.2.0");
    assertThat(p.get(2).version()).isEqualTo("example.com/other@v1.0.1");
    assertThat(p.get(3).local()).isTrue();
    assertThat(p.get(4).local()).isTrue();
    assertThat(p.get(4).imports()).containsExactly("example.com/dep", "fmt");
  }

  @Test
  void onlyImportPathsCountAsCompiledPackages() {
    assertThat(
            GoCompiler.compiledPackages(
                """
                go: downloading example.com/dep v1.0.0
                runtime
                # example.com/m/cgo
                warning: x
                example.com/m/lib

                example.com/m/cmd/app
                """))
        .containsExactly("runtime", "example.com/m/lib", "example.com/m/cmd/app");
  }
}
