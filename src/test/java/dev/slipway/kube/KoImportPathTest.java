package dev.slipway.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KoImportPathTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "github.com/x/y/cmd/app",
        "example.com/app",
        "example.com/app/v2",
        "gopkg.in/yaml.v3/cmd/tool",
        "example.com/a_b/c-d/e~f/g+h/.hidden",
        "app",
        "./cmd/app",
        "../other/cmd/app",
        ".",
        "..",
        "./a/../b"
      })
  void goImportPathsAndLocalDirectoriesAreAccepted(String path) {
    assertThat(new KoImportPath(path).path()).isEqualTo(path);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "example.com/a b|invalid char ' '",
        "example.com/ä|invalid char 'ä'",
        "example.com/a@v1|invalid char '@'",
        "example.com//a|double slash",
        "example.com/a/|trailing slash",
        "-example.com/a|leading dash",
        "example.com/a./b|trailing dot in path element",
        "example.com/../b|invalid path element \"..\"",
        "example.com/CON/b|\"CON\" disallowed as path element component on Windows",
        "example.com/aux.go/b|\"aux\" disallowed as path element component on Windows",
        "example.com/x~1|trailing tilde and digits in path element",
        // A value that starts with a quote is quoted whole, its own quotes doubled.
        "example.com/cmd/...|'''...'' makes it a pattern'",
        "all|'''all'' names many packages'",
        "std|'''std'' names many packages'",
        "/abs/cmd/app|an absolute directory is not an import path"
      })
  void pathsThatGoRejectsSayWhy(String path, String problem) {
    assertThatThrownBy(() -> new KoImportPath(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ko://" + path + " is not a valid import path: ")
        .hasMessageContaining(problem);
  }

  @Test
  void anEmptyPathIsRejected() {
    assertThatThrownBy(() -> KoImportPath.ofReference("ko://"))
        .hasMessage("ko:// is not a valid import path: it is empty");
  }

  @Test
  void aReferenceIsTrimmedOfGoWhiteSpaceThenLosesItsScheme() {
    KoImportPath path = KoImportPath.ofReference("ko://example.com/app\n \u00a0\u3000");

    assertThat(path.path()).isEqualTo("example.com/app");
    assertThat(path.reference()).isEqualTo("ko://example.com/app");
  }

  @Test
  void aStringWithoutTheSchemeIsNoReference() {
    assertThatThrownBy(() -> KoImportPath.ofReference("example.com/app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not start with ko://");
  }

  @Test
  void onlyDotPrefixedPathsAreLocal() {
    assertThat(new KoImportPath("./cmd/app").local()).isTrue();
    assertThat(new KoImportPath("..").local()).isTrue();
    assertThat(new KoImportPath("example.com/cmd/app").local()).isFalse();
    assertThat(new KoImportPath(".hidden/app").local()).isFalse();
  }
}
