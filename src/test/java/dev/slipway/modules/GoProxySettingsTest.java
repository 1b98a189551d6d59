package dev.slipway.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoProxySettingsTest {
  @Test
  void separatorsSayWhetherToFallThroughOnAnyErrorAndDirectEndsTheList() throws Exception {
    assertThat(GoProxySettings.parseProxyList("a.example|http://b:8080/p/,file:///srv, direct,c"))
        .containsExactly(
            new GoProxySettings.Entry("https://a.example", true),
            new GoProxySettings.Entry("http://b:8080/p", false),
            new GoProxySettings.Entry("file:///srv", false),
            new GoProxySettings.Entry("direct", false));
    assertThat(GoProxySettings.parseProxyList("off,https://x"))
        .containsExactly(new GoProxySettings.Entry("off", false));
  }

  @Test
  void aListWithNoEntriesOrABadUrlIsAUsageError() {
    assertThatThrownBy(() -> GoProxySettings.parseProxyList(" , "))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("contains no entries");
    assertThatThrownBy(() -> GoProxySettings.parseProxyList("ftp://x"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("ftp://x");
  }

  @Test
  void gonoproxyDefaultsToGoprivateAndNoneOverridesIt() throws Exception {
    Map<String, String> env = Map.of("GOPROXY", "https://p", "GOPRIVATE", "*.corp.example,git.x");
    GoProxySettings s = GoProxySettings.fromGoEnv(env);
    assertThat(s.bypassesProxy("git.corp.example/team/repo")).isTrue();
    assertThat(s.bypassesProxy("git.x/a")).isTrue();
    assertThat(s.bypassesProxy("git.xy/a")).isFalse();
    assertThat(s.bypassesProxy("corp.example/a")).isFalse();
    assertThat(s.noSumDb().matches("git.x/a")).isTrue();

    GoProxySettings none =
        GoProxySettings.fromGoEnv(
            Map.of("GOPROXY", "https://p", "GOPRIVATE", "git.x", "GONOPROXY", "none"));
    assertThat(none.bypassesProxy("git.x/a")).isFalse();
    assertThat(none.noSumDb().matches("git.x/a")).isTrue();
  }

  @Test
  void patternsMatchWholePathElementPrefixesWithPathMatchSyntax() {
    PrefixPatterns p = PrefixPatterns.parse("example.com/team/,gith?b.com/[a-c]*,ex\\*");
    assertThat(p.matches("example.com/team")).isTrue();
    assertThat(p.matches("example.com/team/sub/pkg")).isTrue();
    assertThat(p.matches("example.com/teams")).isFalse();
    assertThat(p.matches("example.com")).isFalse();
    assertThat(p.matches("github.com/bob/x")).isTrue();
    assertThat(p.matches("github.com/dave/x")).isFalse();
    assertThat(p.matches("ex*/y")).isTrue();
    assertThat(p.matches("exa/y")).isFalse();
  }

  @Test
  void theGoSubprocessGetsTheLoopbackProxyThenWhatEndsTheUsersList() throws Exception {
    URI loopback = URI.create("http://127.0.0.1:5000");
    assertThat(settings("https://p,direct").goProxyFor(loopback, false))
        .isEqualTo("http://127.0.0.1:5000,direct");
    assertThat(settings("https://p|off").goProxyFor(loopback, false))
        .isEqualTo("http://127.0.0.1:5000,off");
    assertThat(settings("https://p").goProxyFor(loopback, false))
        .isEqualTo("http://127.0.0.1:5000");
    assertThat(settings("https://p,direct").goProxyFor(loopback, true))
        .isEqualTo("http://127.0.0.1:5000,off");
  }

  @Test
  void withPrivateModulesThroughTheLoopbackTheListStillReachesDirectUnlessTheUsersEndsInOff()
      throws Exception {
    URI loopback = URI.create("http://127.0.0.1:5000");
    assertThat(settings("https://p").goProxyFor(loopback, false, true))
        .isEqualTo("http://127.0.0.1:5000,direct");
    assertThat(settings("https://p,direct").goProxyFor(loopback, false, true))
        .isEqualTo("http://127.0.0.1:5000,direct");
    assertThat(settings("off").goProxyFor(loopback, false, true))
        .isEqualTo("http://127.0.0.1:5000,off");
    assertThat(settings("https://p").goProxyFor(loopback, true, true))
        .isEqualTo("http://127.0.0.1:5000,off");
  }

  private static GoProxySettings settings(String goproxy) throws UsageException {
    return GoProxySettings.fromGoEnv(Map.of("GOPROXY", goproxy));
  }
}
