package dev.slipway.cacheprog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoVersionTest {
  @Test
  void go124AndLaterSupportGocacheprog() {
    assertThat(GoVersion.supportsCacheProg("go1.24")).isTrue();
    assertThat(GoVersion.supportsCacheProg("go1.24.2")).isTrue();
    assertThat(GoVersion.supportsCacheProg("go1.26rc1")).isTrue();
    assertThat(GoVersion.supportsCacheProg("go version go1.26.8 linux/amd64")).isTrue();
    assertThat(GoVersion.supportsCacheProg("go2.0")).isTrue();
  }

  @Test
  void olderOrUnreadableVersionsFallBack() {
    assertThat(GoVersion.supportsCacheProg("go1.23.4")).isFalse();
    assertThat(GoVersion.supportsCacheProg("go1.9")).isFalse();
    assertThat(GoVersion.supportsCacheProg("devel")).isFalse();
    assertThat(GoVersion.supportsCacheProg("")).isFalse();
    assertThat(GoVersion.supportsCacheProg(null)).isFalse();
  }
}
