package dev.slipway.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.compile.GoCacheLookups;
import dev.slipway.record.ActionSources;
import dev.slipway.record.BuildSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheTextTest {
  @Test
  void everyKindOfMissGoCacheLookupsNamesIsExplained() {
    assertThat(CacheText.MISS_NOTES)
        .containsOnlyKeys(
            GoCacheLookups.LINK,
            GoCacheLookups.COMPILE,
            GoCacheLookups.COMPILE_OUTPUT,
            GoCacheLookups.LINK_OUTPUT,
            GoCacheLookups.SOURCE_LIST,
            GoCacheLookups.OTHER);
  }

  @Test
  void theMissesAreBrokenDownBesideTheirCount() {
    BuildSummary.CacheStats c =
        new BuildSummary.CacheStats(
            0,
            0,
            Map.of(),
            40,
            5,
            Map.of("other", 1, "link", 4),
            Map.of(),
            0,
            0,
            false,
            List.of(),
            ActionSources.NONE);
    StringBuilder out = new StringBuilder();
    CacheText.append(out, c);
    assertThat(out.toString())
        .contains("actions 40 hit / 5 miss")
        .contains(
            "  action misses: 4 link (go build caches no binary: each runner links a target once),"
                + " 1 other (go's own entries");
  }
}
