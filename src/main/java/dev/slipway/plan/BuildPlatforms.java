package dev.slipway.plan;

import dev.slipway.core.Platform;
import dev.slipway.core.UsageException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The platforms a build may target: linux, and for each architecture only the CPU variants that the
 * OCI image spec's platform table and containerd's normalisation know. A variant nobody understands
 * (amd64/v9) would make an index no runtime can match, so it is refused up front.
 */
public final class BuildPlatforms {
  /** Variants by architecture; an architecture not listed takes none. */
  private static final Map<String, Set<String>> VARIANTS =
      Map.of(
          "amd64", Set.of("v1", "v2", "v3", "v4"),
          "arm", Set.of("v5", "v6", "v7", "v8"),
          "arm64", arm64());

  /** {@code --platform all}: every platform of the base. */
  public static final String ALL = "all";

  /**
   * What {@code all} means on the generated base, which suits any platform: the platforms of
   * distroless's static image, the base most Go services come from.
   */
  public static final List<Platform> GENERATED_BASE_ALL =
      List.of(
          Platform.of("linux", "amd64"),
          Platform.of("linux", "arm64"),
          new Platform("linux", "arm", "v7"),
          Platform.of("linux", "ppc64le"),
          Platform.of("linux", "s390x"));

  private BuildPlatforms() {}

  /** As {@link #parse}, where {@code all} alone gives an empty list: every platform of the base. */
  public static List<Platform> parseOrAll(String flag, String text) throws UsageException {
    return text.strip().equals(ALL) ? List.of() : parse(flag, text);
  }

  /** Parses {@code --platform}'s comma-separated list; errors name the flag and the entry. */
  public static List<Platform> parse(String flag, String text) throws UsageException {
    List<Platform> platforms;
    try {
      platforms = Platform.parseList(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(flag + ": " + e.getMessage(), e);
    }
    for (Platform p : platforms) {
      check(flag, p);
    }
    return platforms;
  }

  /** Refuses a platform Slipway cannot build or no runtime would match. */
  public static void check(String flag, Platform p) throws UsageException {
    if (!p.os().equals("linux")) {
      throw new UsageException(flag + " " + p + ": only linux images are supported");
    }
    if (p.variant() == null) {
      return;
    }
    Set<String> known = VARIANTS.getOrDefault(p.architecture(), Set.of());
    if (known.isEmpty()) {
      throw new UsageException(
          flag
              + " "
              + p
              + ": "
              + p.architecture()
              + " takes no variant; use linux/"
              + p.architecture());
    }
    if (!known.contains(p.variant())) {
      throw new UsageException(
          flag
              + " "
              + p
              + ": unknown "
              + p.architecture()
              + " variant '"
              + p.variant()
              + "' (known: "
              + String.join(", ", new TreeSet<>(known))
              + ")");
    }
  }

  /** v8 and v9, alone or with a minor version: v8.0 to v8.9 and v9.0 to v9.5, as Go's GOARM64. */
  private static Set<String> arm64() {
    Set<String> variants = new TreeSet<>(List.of("v8", "v9"));
    for (int minor = 0; minor <= 9; minor++) {
      variants.add("v8." + minor);
    }
    for (int minor = 0; minor <= 5; minor++) {
      variants.add("v9." + minor);
    }
    return Set.copyOf(variants);
  }
}
