package dev.slipway.modules;

import dev.slipway.core.ModuleVersion;
import java.util.Map;
import java.util.Optional;

/**
 * The hashes go.sum vouches for. Slipway's go.sum parser lives elsewhere; this is the small seam it
 * plugs into.
 */
public interface Expected {
  /** The {@code h1:} of the module zip ({@code mod version h1:...} line), if go.sum has it. */
  Optional<String> zipHash(ModuleVersion mv);

  /** The {@code h1:} of the go.mod ({@code mod version/go.mod h1:...} line), if go.sum has it. */
  Optional<String> modHash(ModuleVersion mv);

  /** Nothing is vouched for. */
  static Expected none() {
    return of(Map.of(), Map.of());
  }

  /** From two maps, as a go.sum parser would fill them. */
  static Expected of(Map<ModuleVersion, String> zipHashes, Map<ModuleVersion, String> modHashes) {
    Map<ModuleVersion, String> zips = Map.copyOf(zipHashes);
    Map<ModuleVersion, String> mods = Map.copyOf(modHashes);
    return new Expected() {
      @Override
      public Optional<String> zipHash(ModuleVersion mv) {
        return Optional.ofNullable(zips.get(mv));
      }

      @Override
      public Optional<String> modHash(ModuleVersion mv) {
        return Optional.ofNullable(mods.get(mv));
      }
    };
  }
}
