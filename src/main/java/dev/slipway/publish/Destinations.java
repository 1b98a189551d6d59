package dev.slipway.publish;

import dev.slipway.core.ImageReference;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where each target's image goes and under which tags: one rule for pushes and for a tarball's
 * RepoTags. By default one target goes to the push repository itself and several to {@code
 * repo/<name>}; a {@link Rule} may name a target's repository (configured, or by a naming mode) and
 * add tags of its own.
 */
public final class Destinations {
  /** A target's own repository, when it has one, and its own extra tags. */
  public record Own(Optional<ImageReference> repository, List<String> tags) {
    public static final Own NONE = new Own(Optional.empty(), List.of());

    public Own {
      Objects.requireNonNull(repository, "repository");
      tags = List.copyOf(tags);
    }
  }

  /** A target's own destination, given its name, import path and how many targets there are. */
  @FunctionalInterface
  public interface Rule {
    Own of(String name, String importPath, int targetCount);
  }

  private final ImageReference push;
  private final List<String> extraTags;
  private final Rule rule;

  /**
   * @param push the push reference; its tag (or {@code latest}) is every image's first tag
   * @param extraTags more tags for every image
   */
  public Destinations(ImageReference push, List<String> extraTags, Rule rule) {
    this.push = Objects.requireNonNull(push, "push");
    this.extraTags = List.copyOf(extraTags);
    this.rule = Objects.requireNonNull(rule, "rule");
  }

  /** Every target under the default rule. */
  public static Destinations of(ImageReference push, List<String> extraTags) {
    return new Destinations(push, extraTags, (name, importPath, count) -> Own.NONE);
  }

  /** The target's reference, with the push reference's tag. */
  public ImageReference of(String name, String importPath, int targetCount) {
    ImageReference base = push.withTag(push.tagOrDefault());
    Optional<ImageReference> own = rule.of(name, importPath, targetCount).repository();
    if (own.isPresent()) {
      return new ImageReference(own.get().registry(), own.get().repository(), base.tag(), null);
    }
    return targetCount > 1 ? base.withRepository(base.repository() + "/" + name) : base;
  }

  /** Every tag of the target: the push reference's first, then the extra ones, then its own. */
  public Set<String> tags(String name, String importPath, int targetCount) {
    Set<String> tags = new LinkedHashSet<>();
    tags.add(push.tagOrDefault());
    tags.addAll(extraTags);
    tags.addAll(rule.of(name, importPath, targetCount).tags());
    return tags;
  }
}
