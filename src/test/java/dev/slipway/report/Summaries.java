package dev.slipway.report;

import dev.slipway.record.ActionSources;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.Timeline;
import java.util.List;
import java.util.Map;

/** A build whose stages overlap as real ones do: two compiles at once, layers per target. */
final class Summaries {
  private Summaries() {}

  static BuildSummary overlapping() {
    return new BuildSummary(
        List.of(
            new BuildSummary.TargetResult(
                "api",
                "example.com/svc/cmd/api",
                List.of("linux/amd64"),
                "sha256:" + "a".repeat(64),
                ""),
            new BuildSummary.TargetResult(
                "worker",
                "example.com/svc/cmd/worker",
                List.of("linux/amd64"),
                "sha256:" + "b".repeat(64),
                "")),
        new BuildSummary.BlobStats(3, 4, 1, 5_000_000_000L),
        new BuildSummary.CacheStats(
            10,
            2,
            Map.of("LOCAL", new BuildSummary.TierStat(8, 1000, 3)),
            30,
            5,
            Map.of("link", 3, "other", 2),
            Map.of("local", new BuildSummary.TierStat(30, 2048, 40)),
            7,
            1,
            false,
            List.of(),
            ActionSources.NONE),
        List.of(
            new Timeline.Span("plan", "", 0, 10),
            new Timeline.Span("fingerprint", "", 10, 20),
            new Timeline.Span("compile", "linux/amd64", 30, 400),
            new Timeline.Span("compile", "linux/arm64", 30, 500),
            new Timeline.Span("layers", "api linux/amd64", 430, 100),
            new Timeline.Span("layers", "worker \"odd\\name\nx", 440, 100),
            new Timeline.Span("publish", "oci-layout", 600, 50)),
        700);
  }
}
