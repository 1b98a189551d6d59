package dev.slipway.dockerfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code slipway init} found in a repository: a translation per Dockerfile, targets named so
 * that no two share a name.
 *
 * @param translations one per Dockerfile, in the order found
 */
public record InitPlan(List<Translation> translations) {
  public InitPlan {
    translations = List.copyOf(translations);
    Set<String> names = new HashSet<>();
    for (Translation t : translations) {
      if (t.target() != null && !names.add(t.target().name())) {
        throw new IllegalArgumentException("two targets are named " + t.target().name());
      }
    }
  }

  /**
   * A plan of {@code translations} where a target whose name is taken is renamed after its
   * Dockerfile's directory, or numbered, with a note saying so.
   */
  public static InitPlan of(List<Translation> translations) {
    Set<String> taken = new HashSet<>();
    List<Translation> out = new ArrayList<>();
    for (Translation t : translations) {
      TargetPlan target = t.target();
      if (target == null || taken.add(target.name())) {
        out.add(t);
        continue;
      }
      String dir =
          TargetAssembly.sanitize(
              ImagePaths.name(ImagePaths.clean(t.source().dockerfile() + "/..")));
      String name = dir.isEmpty() || dir.equals(".") || taken.contains(dir) ? target.name() : dir;
      for (int n = 2; taken.contains(name); n++) {
        name = target.name() + "-" + n;
      }
      taken.add(name);
      List<Note> notes = new ArrayList<>(t.notes());
      notes.add(
          0,
          new Note(
              t.source().dockerfile(),
              0,
              Note.Kind.TRANSLATED,
              "another target is already named " + target.name() + ": this one is " + name));
      out.add(new Translation(t.source(), t.stage(), target.withName(name), notes));
    }
    return new InitPlan(out);
  }

  /** The targets, in order. */
  public List<TargetPlan> targets() {
    return translations.stream().map(Translation::target).filter(t -> t != null).toList();
  }
}
