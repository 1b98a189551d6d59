package dev.slipway.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A target platform such as {@code linux/amd64} or {@code linux/arm/v7}. */
public record Platform(String os, String architecture, String variant) {
  private static final Pattern PART = Pattern.compile("[a-z0-9][a-z0-9_]*");

  /** Variants may carry a minor version, as arm64's {@code v8.2} does. */
  private static final Pattern VARIANT = Pattern.compile("[a-z0-9][a-z0-9_]*(?:\\.[0-9]+)?");

  public Platform {
    requirePart("os", os);
    requirePart("architecture", architecture);
    if (variant != null && !VARIANT.matcher(variant).matches()) {
      throw new IllegalArgumentException("variant '" + variant + "' is not a valid name");
    }
  }

  public static Platform of(String os, String architecture) {
    return new Platform(os, architecture, null);
  }

  /** Parses {@code os/arch[/variant]}. */
  public static Platform parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "invalid platform '" + text + "': expected os/arch or os/arch/variant, e.g. linux/amd64");
    }
    try {
      return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid platform '" + text + "': " + e.getMessage(), e);
    }
  }

  /** Parses a comma-separated list, dropping duplicates but keeping order. */
  public static List<Platform> parseList(String text) {
    Set<Platform> out = new LinkedHashSet<>();
    for (String part : text.split(",", -1)) {
      if (part.isBlank()) {
        throw new IllegalArgumentException("invalid platform list '" + text + "': empty entry");
      }
      out.add(parse(part));
    }
    return new ArrayList<>(out);
  }

  /** The GOARM / GOAMD64 style setting implied by the variant, or null. */
  public String goVariantEnv() {
    if (variant == null) {
      return null;
    }
    return switch (architecture) {
      case "arm" -> "GOARM=" + variant.replace("v", "");
      case "amd64" -> "GOAMD64=" + variant;
      default -> null;
    };
  }

  private static void requirePart(String what, String value) {
    if (value == null || !PART.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " '" + value + "' is not a valid name");
    }
  }

  @Override
  public String toString() {
    return variant == null ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
  }
}
