package dev.slipway.modules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.ModuleVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real go takes what {@link GoModCache} unpacks as its own download, and can remove it. */
@Tag("integration")
class GoModCacheIntegrationTest {
  @TempDir Path dir;

  @Test
  void goBuildsFromUnpackedModulesWithoutDownloadingAndVerifiesThem() throws Exception {
    Fixtures.TidyApp app = Fixtures.tidyApp(dir);
    Expected expected = Fixtures.expectedFrom(app.app().resolve("go.sum"));
    Path modCache = dir.resolve("gomodcache");
    GoModCache cache = new GoModCache(modCache, false);
    for (ModuleVersion mv : List.of(Fixtures.GREET, Fixtures.UTIL, Fixtures.WORDS)) {
      assertThat(
              cache.unpack(
                  mv, Fixtures.zipIn(app.upstream(), mv), expected.zipHash(mv).orElseThrow()))
          .isEqualTo(GoModCache.Outcome.UNPACKED);
    }
    // go still reads each go.mod through GOPROXY; without -modcacherw, as go's own default
    Map<String, String> env =
        Map.of(
            "GOPROXY", app.upstream().toUri().toString(),
            "GOMODCACHE", modCache.toString(),
            "GOFLAGS", "-mod=mod -buildvcs=false");

    Fixtures.GoResult build =
        Fixtures.go(app.app(), env, "build", "-o", dir.resolve("bin").toString(), ".");
    assertThat(build.exit()).as(build.output()).isZero();
    assertThat(build.output()).doesNotContain("go: downloading");

    Fixtures.GoResult verify = Fixtures.go(app.app(), env, "mod", "verify");
    assertThat(verify.output()).contains("all modules verified");
    assertThat(verify.exit()).isZero();

    Fixtures.GoResult clean = Fixtures.go(app.app(), env, "clean", "-modcache");
    assertThat(clean.exit()).as(clean.output()).isZero();
    assertThat(modCache).doesNotExist();
  }
}
