package dev.slipway.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code RUN --mount} values, read as BuildKit reads them. */
class RunMountTest {
  @Test
  void aBindMountWithoutSourceMountsTheContextAtATargetUnderTheWorkdir() {
    RunMount m = RunMount.parse("type=bind,target=.", "/src");

    assertThat(m).isEqualTo(new RunMount("bind", "/src", ".", null));
    assertThat(m.covers("/src/cmd/api")).isTrue();
    assertThat(m.covers("/srcx")).isFalse();
    assertThat(m.sourceOf("/src/cmd/api")).isEqualTo("cmd/api");
  }

  @Test
  void bindIsTheDefaultTypeAndEveryKeyHasItsAliases() {
    assertThat(RunMount.parse("src=/code,dst=/work,from=build,ro", "/"))
        .isEqualTo(new RunMount("bind", "/work", "code", "build"));
    assertThat(RunMount.parse("type=cache,destination=/go/pkg/mod/,sharing=locked", "/"))
        .isEqualTo(new RunMount("cache", "/go/pkg/mod", ".", null));
    assertThat(RunMount.parse("type=bind,source=\"go.sum\",target='go.sum'", "/src"))
        .isEqualTo(new RunMount("bind", "/src/go.sum", "go.sum", null));
  }

  @Test
  void aMountInitCannotPlaceIsLeftOut() {
    assertThat(RunMount.parse("type=secret,id=netrc", "/")).isNull();
    assertThat(RunMount.parse("type=bind,source=$DIR,target=/x", "/")).isNull();
  }
}
