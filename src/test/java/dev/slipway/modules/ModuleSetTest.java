package dev.slipway.modules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.ModuleVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleSetTest {
  private static final ModuleVersion A = new ModuleVersion("example.com/a", "v1.0.0");
  private static final ModuleVersion B = new ModuleVersion("example.com/b", "v1.2.0");

  @Test
  void aModuleAskedForAsGoModAndZipIsOneZipEntryAndTheSetRoundTrips() {
    ModuleSet set =
        ModuleSet.of(
            "k1",
            List.of(
                new ModuleWarmer.Want(B, false),
                new ModuleWarmer.Want(A, false),
                new ModuleWarmer.Want(A, true)));

    assertThat(set.files())
        .containsExactly(new ModuleWarmer.Want(A, true), new ModuleWarmer.Want(B, false));
    assertThat(ModuleSet.parse(set.encode())).contains(set);
  }

  @Test
  void onlyWhatGoSumVouchesForIsKeptAndAZipWithoutItsLineFallsBackToItsGoMod() {
    ModuleSet set =
        ModuleSet.of("k", List.of(new ModuleWarmer.Want(A, true), new ModuleWarmer.Want(B, true)));
    Expected goSum = Expected.of(Map.of(), Map.of(A, "h1:a"));

    assertThat(set.coveredBy(goSum).files()).containsExactly(new ModuleWarmer.Want(A, false));
  }

  @Test
  void anythingElseIsAMissNotAnError() {
    for (String text :
        List.of(
            "",
            "slipway-modules 1\n",
            "slipway-modules 2\nkey k\n",
            "slipway-modules 1\nkey k\nzap example.com/a@v1.0.0\n",
            "slipway-modules 1\nkey k\nzip ../../etc@v1.0.0\n",
            "slipway-modules 1\nkey k\nzip example.com/a\n")) {
      assertThat(ModuleSet.parse(text.getBytes(StandardCharsets.UTF_8))).as(text).isEmpty();
    }
  }
}
