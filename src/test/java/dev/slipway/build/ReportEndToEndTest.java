package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.record.BuildRecord;
import dev.slipway.record.RecordStore;
import dev.slipway.record.Timeline;
import dev.slipway.report.History;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.GoModules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway report} over real builds (cold, fast path, an edit), and its HTML page rendered by
 * a real browser: Debian's headless Chromium, which must draw every chart with no script error.
 */
@Tag("integration")
class ReportEndToEndTest {
  @TempDir Path dir;
  private Path svc;
  private Slipway slipway;

  @BeforeEach
  void setUp() {
    svc = GoModules.service(dir.resolve("svc"), "api", "worker");
    // A fresh greeting per run: this module is new to the warm build cache every test starts from.
    GoModules.changeGreeting(svc, UUID.randomUUID().toString());
    slipway = new Slipway(dir.resolve("slipway"));
  }

  private void build() {
    slipway
        .run(
            "build",
            "-C",
            svc.toString(),
            "./cmd/...",
            "--oci-layout",
            dir.resolve("oci").toString())
        .ok();
  }

  @Test
  void theHtmlReportRendersEveryChartInChromiumWithNoScriptError() throws Exception {
    build();
    build(); // nothing changed: the fast path
    GoModules.changeGreeting(svc, UUID.randomUUID().toString());
    build();
    List<BuildRecord> records = new RecordStore(dir.resolve("slipway")).recent(10);
    assertThat(records)
        .extracting(BuildRecord::outcome)
        .containsExactly(BuildRecord.BUILT, BuildRecord.FAST_PATH, BuildRecord.BUILT);
    BuildRecord last = records.get(0);

    Slipway.Run text = slipway.run("report");
    assertThat(text.code()).as(text.err()).isZero();
    List<String> lines = text.out().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(1)).contains(last.id(), "built", "source 1", "dependency 2");
    assertThat(lines.get(2)).contains(records.get(1).id(), "fast-path");
    assertThat(lines.get(4)).startsWith("Totals: 3 builds (2 built, 1 fast-path)");

    Path html = dir.resolve("out/report.html");
    Slipway.Run run = slipway.run("report", "--html", html.toString(), "--last", "10");
    assertThat(run.code()).as(run.err()).isZero();
    Chromium.Page page = Chromium.dumpDom(html);
    String dom = page.dom();

    assertThat(page.errors()).as(page.log()).isEmpty();
    assertThat(dom).contains("data-rendered=\"true\"").contains("data-errors=\"0\"");

    // The Gantt: a bar per stage span of the last build, named, in lanes where spans overlap.
    List<Timeline.Span> stages = last.summary().stages();
    assertThat(stages).extracting(Timeline.Span::name).contains("compile");
    assertThat(count(dom, "<rect class=\"span\"")).isEqualTo(stages.size());
    for (Timeline.Span s : stages) {
      assertThat(dom).contains("data-stage=\"" + s.name() + "\"");
    }
    Matcher bar =
        Pattern.compile(
                "data-lane=\"(\\d+)\"><rect class=\"span\" x=\"([0-9.]+)\" y=\"[0-9.]+\""
                    + " width=\"([0-9.]+)\"")
            .matcher(dom);
    List<double[]> bars = new java.util.ArrayList<>();
    while (bar.find()) {
      double x = Double.parseDouble(bar.group(2));
      bars.add(
          new double[] {Integer.parseInt(bar.group(1)), x, x + Double.parseDouble(bar.group(3))});
    }
    assertThat(bars).hasSize(stages.size());
    for (double[] a : bars) {
      for (double[] b : bars) {
        if (a != b && a[0] == b[0]) {
          assertThat(a[2] <= b[1] || b[2] <= a[1]).as("bars in one lane overlap").isTrue();
        }
      }
    }
    // The trend: a tick per build, the fast path marked, a point per build that looked anything up.
    assertThat(count(dom, "<g class=\"build-tick\"")).isEqualTo(3);
    assertThat(count(dom, "<rect class=\"fastpath\"")).isEqualTo(1);
    for (String series : List.of("actions", "modules", "layers")) {
      long measured =
          records.stream()
              .filter(
                  r -> {
                    var c = r.summary().cache();
                    return switch (series) {
                      case "actions" -> History.actionRate(c).isPresent();
                      case "modules" -> History.moduleRate(c).isPresent();
                      default -> History.layerRate(c).isPresent();
                    };
                  })
              .count();
      Matcher points =
          Pattern.compile("<polyline class=\"series-" + series + "\"[^>]*points=\"([^\"]*)\"")
              .matcher(dom);
      assertThat(points.find()).as(series).isTrue();
      int pairs = points.group(1).isBlank() ? 0 : points.group(1).trim().split(" ").length;
      assertThat(pairs).as(series).isEqualTo(measured);
      assertThat(countSeriesPoints(dom, series)).as(series).isEqualTo(measured);
    }
    assertThat(countSeriesPoints(dom, "layers")).isEqualTo(2); // the built ones; not the fast path
    // The reasons: two bars per kind, with the counts of the records.
    assertThat(count(dom, "class=\"reason-bar bar-last\"")).isEqualTo(6 + 2);
    assertThat(count(dom, "class=\"reason-bar bar-window\"")).isEqualTo(6 + 2);
    Map<String, Integer> lastReasons = History.reasons(last);
    assertThat(lastReasons.get("source")).isEqualTo(1);
    assertThat(dom)
        .containsPattern(
            "data-kind=\"source\".*?data-scope=\"last\" data-count=\""
                + lastReasons.get("source")
                + "\"")
        .containsPattern(
            "data-kind=\"dependency\".*?data-scope=\"last\" data-count=\""
                + lastReasons.get("dependency")
                + "\"");
    // The targets: one row each, with its digest, changed since the build it was compared with.
    String targets = between(dom, "<table class=\"targets-table\">", "</table>");
    assertThat(count(targets, "<tr>")).isEqualTo(1 + 2);
    for (var t : last.summary().targets()) {
      assertThat(targets).contains(t.name(), t.digest());
    }
    assertThat(count(targets, "<td>new image</td>")).isEqualTo(2);
    assertThat(count(between(dom, "<table class=\"builds-table\">", "</table>"), "<tr>"))
        .isEqualTo(1 + 3);

    Path png = dir.resolve("report.png");
    Chromium.Page shot = Chromium.screenshot(html, png, 1200, 1600);
    assertThat(shot.errors()).as(shot.log()).isEmpty();
    byte[] image = Files.readAllBytes(png);
    assertThat(image).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void hostileTextInRecordsIsShownAsTextAndRunsNothing() throws Exception {
    build();
    RecordStore store = new RecordStore(dir.resolve("slipway"));
    BuildRecord real = store.recent(1).get(0);
    String hostile = "</script><script>document.title='owned'</script><img src=x onerror=alert(1)>";
    store.save(
        new BuildRecord(
            real.id() + "-z",
            real.startedAtMs(),
            BuildRecord.FAILED,
            "go build failed: " + hostile,
            real.modules(),
            real.settings(),
            real.summary(),
            real.units(),
            real.id(),
            real.comparisons(),
            real.changes(),
            List.of(
                new BuildRecord.Rebuild(
                    "linux/amd64", "example.com/" + hostile, BuildRecord.SOURCE, List.of("~a.go"))),
            real.moduleMisses()));
    Path html = dir.resolve("hostile.html");
    slipway.run("report", "--html", html.toString()).ok();
    Chromium.Page page = Chromium.dumpDom(html);
    assertThat(page.errors()).as(page.log()).isEmpty();
    assertThat(page.dom())
        .contains("data-rendered=\"true\"", "data-errors=\"0\"")
        .contains("<title>Slipway build report</title>")
        .contains("Failed: go build failed: &lt;/script&gt;&lt;script&gt;document.title='owned'")
        .doesNotContain("<img");
  }

  private static long countSeriesPoints(String dom, String series) {
    String group =
        between(dom, "<g class=\"series-" + series + "\" data-series=\"" + series + "\">", "</g>");
    return count(group, "<circle class=\"point\"");
  }

  private static String between(String s, String start, String end) {
    int from = s.indexOf(start);
    assertThat(from).as(start).isNotNegative();
    return s.substring(from, s.indexOf(end, from));
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int at = s.indexOf(what); at >= 0; at = s.indexOf(what, at + what.length())) {
      n++;
    }
    return n;
  }
}
