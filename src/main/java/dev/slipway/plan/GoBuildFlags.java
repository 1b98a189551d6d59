package dev.slipway.plan;

import java.util.Set;

/**
 * What go's flag parser knows of {@code go build}'s flags, for reading command lines written for it
 * (ko's {@code flags}, a Dockerfile's {@code RUN go build}): which take a value, which may then be
 * the next argument ({@code -tags netgo}).
 */
public final class GoBuildFlags {
  private static final Set<String> TAKING_VALUE =
      Set.of(
          "C",
          "p",
          "asmflags",
          "buildmode",
          "compiler",
          "gccgoflags",
          "gcflags",
          "installsuffix",
          "ldflags",
          "mod",
          "modfile",
          "overlay",
          "pgo",
          "pkgdir",
          "tags",
          "toolexec",
          "o",
          "covermode",
          "coverpkg",
          "debug-actiongraph",
          "debug-deps-trace",
          "debug-trace",
          "debug-runtime-trace");

  private GoBuildFlags() {}

  /** True if the flag {@code name} (without dashes) takes a value. */
  public static boolean takesValue(String name) {
    return TAKING_VALUE.contains(name);
  }
}
