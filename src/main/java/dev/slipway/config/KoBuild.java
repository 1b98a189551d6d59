package dev.slipway.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code builds} in {@code .ko.yaml}: settings for the main package at {@code
 * dir/main}. Empty parts fall back to ko's {@code default*} keys, each as a whole.
 *
 * @param id ko's name for the entry in its logs; {@code #<index>} when not written
 * @param dir the directory go runs in, relative to the working directory ({@code .} if not given)
 * @param main the main package (or one of its files), relative to {@code dir}
 * @param env {@code KEY=VALUE} entries for go build
 * @param flags go build flags, one argument each
 * @param ldflags joined with spaces into {@code -ldflags}; may hold ko's templates
 */
public record KoBuild(
    String id,
    Located<String> dir,
    Located<String> main,
    Optional<List<Located<String>>> env,
    Optional<List<Located<String>>> flags,
    Optional<List<Located<String>>> ldflags,
    Where where) {
  public KoBuild {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(main, "main");
    env = env.map(List::copyOf);
    flags = flags.map(List::copyOf);
    ldflags = ldflags.map(List::copyOf);
    Objects.requireNonNull(where, "where");
  }
}
