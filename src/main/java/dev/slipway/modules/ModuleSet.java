package dev.slipway.modules;

import dev.slipway.core.ModuleVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The module files one build's go command asked for, kept so that the next build of the same
 * targets, on this runner or a fresh one, fetches exactly those, all at once, before go asks: the
 * go.mod of each module whose requirements go read, and the zip of each module that provided a
 * package. {@code key} names the go.mod and go.sum contents it was made with; a set made with
 * others is still a good guess once each file is checked against the new go.sum ({@link
 * #coveredBy}).
 */
public record ModuleSet(String key, List<ModuleWarmer.Want> files) {
  private static final String MAGIC = "slipway-modules 1";

  public ModuleSet {
    files = List.copyOf(files);
  }

  /** One entry per module: its zip when any file asked for it, else its go.mod. */
  public static ModuleSet of(String key, Collection<ModuleWarmer.Want> wanted) {
    Map<ModuleVersion, Boolean> merged = new TreeMap<>();
    for (ModuleWarmer.Want w : wanted) {
      merged.merge(w.module(), w.zip(), Boolean::logicalOr);
    }
    List<ModuleWarmer.Want> files = new ArrayList<>();
    merged.forEach((mv, zip) -> files.add(new ModuleWarmer.Want(mv, zip)));
    return new ModuleSet(key, files);
  }

  /** This set with {@code more} added. */
  public ModuleSet with(Collection<ModuleWarmer.Want> more) {
    List<ModuleWarmer.Want> all = new ArrayList<>(files);
    all.addAll(more);
    return of(key, all);
  }

  /** The files go.sum still vouches for: a zip needs its zip line, a go.mod either line. */
  public ModuleSet coveredBy(Expected expected) {
    List<ModuleWarmer.Want> kept = new ArrayList<>();
    for (ModuleWarmer.Want w : files) {
      ModuleVersion mv = w.module();
      if (w.zip() ? expected.zipHash(mv).isPresent() : covered(expected, mv)) {
        kept.add(w);
      } else if (w.zip() && covered(expected, mv)) {
        kept.add(new ModuleWarmer.Want(mv, false));
      }
    }
    return new ModuleSet(key, kept);
  }

  private static boolean covered(Expected expected, ModuleVersion mv) {
    return expected.modHash(mv).isPresent() || expected.zipHash(mv).isPresent();
  }

  public byte[] encode() {
    StringBuilder sb = new StringBuilder(MAGIC).append("\nkey ").append(key).append('\n');
    for (ModuleWarmer.Want w : files) {
      sb.append(w.zip() ? "zip " : "mod ").append(w.module()).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Parses {@link #encode()}'s form; anything else (damaged, older) is empty, a miss. */
  public static Optional<ModuleSet> parse(byte[] bytes) {
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
    if (lines.length < 2 || !lines[0].equals(MAGIC) || !lines[1].startsWith("key ")) {
      return Optional.empty();
    }
    List<ModuleWarmer.Want> files = new ArrayList<>();
    try {
      for (int i = 2; i < lines.length; i++) {
        String line = lines[i];
        boolean zip = line.startsWith("zip ");
        if (!zip && !line.startsWith("mod ")) {
          return Optional.empty();
        }
        // ModuleVersion checks path and version: a set from a remote is not trusted
        files.add(new ModuleWarmer.Want(ModuleVersion.parse(line.substring(4)), zip));
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(new ModuleSet(lines[1].substring(4), files));
  }
}
