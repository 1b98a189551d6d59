package dev.slipway.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordStoreTest {
  @TempDir Path dir;

  static BuildRecord record(String id, String unitKey) {
    return record(id, BuildRecord.BUILT, unitKey, List.of("example.com/m/cmd/app"));
  }

  static BuildRecord record(String id, String outcome, String unitKey, List<String> targets) {
    BuildSummary summary =
        new BuildSummary(
            List.of(
                new BuildSummary.TargetResult(
                    "app", "example.com/m/cmd/app", List.of("linux/amd64"), "sha256:ab", "")),
            new BuildSummary.BlobStats(2, 1, 0, 4096, 2048, 0),
            new BuildSummary.CacheStats(
                1,
                2,
                Map.of("upstream", new BuildSummary.TierStat(2, 100, 5)),
                7,
                3,
                Map.of("link", 2, "other", 1),
                Map.of("local", new BuildSummary.TierStat(7, 700, 9)),
                1,
                1,
                false,
                List.of(
                    new BuildSummary.ModuleServed(
                        "example.com/dep@v1.0.0", "zip", "upstream", 100, 5, false)),
                new ActionSources(
                    true,
                    "release",
                    Map.of(
                        "redis://cache:6379",
                        new ActionSources.Remote(false, 3, 1, Map.of("release", 6L, "main", 1L)),
                        "oci://registry/cache",
                        new ActionSources.Remote(true, 0, 0, Map.of())))),
            List.of(new Timeline.Span("compile", "linux/amd64", 10, 400)),
            500);
    return new BuildRecord(
        id,
        1_800_000_000_000L,
        outcome,
        "",
        List.of("example.com/m"),
        Map.of("flag.tags", "netgo", "toolchain.version", "go1.26.0"),
        summary,
        List.of(
            new BuildRecord.Unit(
                unitKey,
                "linux/amd64",
                targets,
                List.of("fmt", "example.com/m/lib"),
                List.of(
                    new BuildRecord.PackageInputs(
                        "example.com/m/lib",
                        "example.com/m",
                        "",
                        "abcd",
                        Map.of("a.go", "12"),
                        List.of()),
                    new BuildRecord.PackageInputs(
                        "example.com/dep",
                        "example.com/dep",
                        "v1.0.0",
                        "ef01",
                        Map.of(),
                        List.of())))),
        "older",
        List.of(
            new BuildRecord.Comparison(
                "linux/amd64", "example.com/m/cmd/app", "older", BuildRecord.FAILED)),
        List.of(new BuildRecord.Change(BuildRecord.SETTINGS, "flag.tags", "", "netgo")),
        List.of(
            new BuildRecord.Rebuild(
                "linux/amd64", "example.com/m/lib", BuildRecord.SOURCE, List.of("~a.go"))),
        List.of(
            new BuildRecord.ModuleMiss("example.com/dep", "v1.0.0", BuildRecord.COLD, "v1.0.0")));
  }

  @Test
  void aRecordReadsBackAsItWasWritten() throws Exception {
    BuildRecord r = record("20261122-000000-000-0001", "k");
    assertThat(RecordJson.parse(RecordJson.toJson(r))).isEqualTo(r);
  }

  @Test
  void historyIsBoundedAndNewestFirst() throws Exception {
    RecordStore store = new RecordStore(dir, 3);
    for (int i = 1; i <= 5; i++) {
      store.save(record("20261122-00000" + i + "-000-0000", "k"));
    }
    assertThat(store.ids())
        .containsExactly(
            "20261122-000005-000-0000", "20261122-000004-000-0000", "20261122-000003-000-0000");
    assertThat(store.find("").id()).isEqualTo("20261122-000005-000-0000");
    assertThat(store.find("-2").id()).isEqualTo("20261122-000004-000-0000");
    assertThat(store.find("20261122-000003").id()).isEqualTo("20261122-000003-000-0000");
    assertThatThrownBy(() -> store.find("20261122"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("ambiguous");
    assertThatThrownBy(() -> store.find("-4"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("3 build records");
  }

  private static final String A = "example.com/m/cmd/a";
  private static final String B = "example.com/m/cmd/b";

  private static BuildRecord.Unit unit(String platform, String... targets) {
    return new BuildRecord.Unit(
        BuildRecord.Unit.key(platform, List.of(targets)),
        platform,
        List.of(targets),
        List.of(),
        List.of());
  }

  /** For each unit key, the ids of its priors and the targets each is compared for. */
  private static Map<String, List<String>> priors(
      RecordStore store, String before, BuildRecord.Unit... units) throws Exception {
    Map<String, List<String>> out = new TreeMap<>();
    store
        .priors(List.of(units), before)
        .forEach(
            (key, list) ->
                out.put(
                    key,
                    list.stream()
                        .map(p -> p.record().id() + " " + String.join(",", p.targets()))
                        .toList()));
    return out;
  }

  @Test
  void eachTargetIsComparedWithTheNewestEarlierBuildThatIncludedIt() throws Exception {
    RecordStore store = new RecordStore(dir);
    store.save(record("20261122-000001-000-0000", BuildRecord.BUILT, "ab", List.of(A, B)));
    store.save(record("20261122-000002-000-0000", BuildRecord.BUILT, "b", List.of(B)));
    store.save(record("20261122-000003-000-0000", BuildRecord.FAILED, "a", List.of(A)));
    Files.writeString(store.dir().resolve("20261122-000004-000-0000.json"), "{not json");
    BuildRecord.Unit both = unit("linux/amd64", A, B);
    // whatever else an earlier build built, and though the newest of A failed after go built it
    assertThat(priors(store, "20261122-000009", both))
        .isEqualTo(
            Map.of(
                both.key(),
                List.of("20261122-000003-000-0000 " + A, "20261122-000002-000-0000 " + B)));
    // a build of one target after a build of both
    BuildRecord.Unit onlyB = unit("linux/amd64", B);
    assertThat(priors(store, "20261122-000002-000-0000", onlyB))
        .isEqualTo(Map.of(onlyB.key(), List.of("20261122-000001-000-0000 " + B)));
    // another platform is another build
    assertThat(priors(store, "20261122-000009", unit("linux/arm64", A))).isEmpty();
    assertThat(priors(store, "20261122-000001-000-0000", both)).isEmpty();
    assertThat(store.recent(10)).hasSize(3);
  }

  @Test
  void idsSortByStartTime() {
    assertThat(RecordStore.newId(0)).matches("19700101-000000-000-[0-9a-f]{4}");
    assertThat(RecordStore.newId(1_795_364_231_016L)).startsWith("20261122-161711-016-");
    assertThat(RecordStore.newId(1_795_364_231_017L))
        .isGreaterThan(RecordStore.newId(1_795_364_231_016L));
  }

  @Test
  void noHistoryIsAUsageError() {
    assertThatThrownBy(() -> new RecordStore(dir).find(""))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("no build records");
  }
}
