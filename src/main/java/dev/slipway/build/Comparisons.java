package dev.slipway.build;

import dev.slipway.explain.Explainer;
import dev.slipway.record.BuildRecord;
import dev.slipway.record.RecordStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one go build is compared with when several earlier builds share its targets: each target's
 * newest earlier build, whatever else that build built. A build of {@code ./cmd/hello-svc} after
 * one of {@code ./cmd/...} is compared with the latter; one of two targets last built apart is
 * compared with both, each package with the newest build that read it.
 */
final class Comparisons {
  private Comparisons() {}

  /**
   * One earlier unit made of {@code priors} (newest first): the newest one's id and settings, and
   * each package's inputs as the newest build that read the package saw them. Empty without one.
   */
  static Optional<Explainer.Prior> merged(BuildRecord.Unit unit, List<RecordStore.Prior> priors) {
    if (priors.isEmpty()) {
      return Optional.empty();
    }
    RecordStore.Prior newest = priors.get(0);
    if (priors.size() == 1) {
      return Optional.of(
          new Explainer.Prior(newest.record().id(), newest.record().settings(), newest.unit()));
    }
    Map<String, BuildRecord.PackageInputs> packages = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    for (RecordStore.Prior p : priors) {
      ids.add(p.record().id());
      p.unit().packages().forEach(in -> packages.putIfAbsent(in.importPath(), in));
    }
    BuildRecord.Unit combined =
        new BuildRecord.Unit(
            unit.key(), unit.platform(), unit.targets(), List.of(), List.copyOf(packages.values()));
    return Optional.of(
        new Explainer.Prior(String.join(" and ", ids), newest.record().settings(), combined));
  }

  /** For each of the unit's targets that an earlier build built, which build that was. */
  static List<BuildRecord.Comparison> of(BuildRecord.Unit unit, List<RecordStore.Prior> priors) {
    List<BuildRecord.Comparison> out = new ArrayList<>();
    for (String target : unit.targets()) {
      for (RecordStore.Prior p : priors) {
        if (p.targets().contains(target)) {
          out.add(
              new BuildRecord.Comparison(
                  unit.platform(), target, p.record().id(), p.record().outcome()));
          break;
        }
      }
    }
    return out;
  }
}
