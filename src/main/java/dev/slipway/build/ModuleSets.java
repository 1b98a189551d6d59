package dev.slipway.build;

import dev.slipway.core.AtomicFiles;
import dev.slipway.modules.Expected;
import dev.slipway.modules.ModuleSet;
import dev.slipway.modules.ModuleStats;
import dev.slipway.modules.ModuleWarmer;
import dev.slipway.modules.RemoteModules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a build's {@link ModuleSet} is kept and found: in {@code localSet} (one file per module
 * paths, targets, platforms and flags) and in each remote under {@code modset-<key>}, where {@code
 * key} also names the go.mod and go.sum contents, so a fresh runner finds only a set made with
 * exactly its own.
 */
final class ModuleSets {
  private final Path localSet;
  private final String key;
  private final Expected expected;

  ModuleSets(Path localSet, String key, Expected expected) {
    this.localSet = localSet;
    this.key = key;
    this.expected = expected;
  }

  private String remoteKey() {
    return "modset-" + key.substring(0, 40);
  }

  /** Where the warm's list came from. */
  enum Source {
    LOCAL_SET,
    REMOTE_SET,
    OLDER_SET,
    NOTHING
  }

  /** The warm's list, and where it came from. */
  record Known(ModuleSet set, Source source) {
    /** Kept for exactly this build's go.mod and go.sum files. */
    boolean exact() {
      return source == Source.LOCAL_SET || source == Source.REMOTE_SET;
    }
  }

  /**
   * What this build will most likely ask for: the set kept for exactly these go.mod and go.sum
   * files (here, else in a remote), else the one kept here for an older go.sum, else nothing.
   * Whatever its source, only what today's go.sum vouches for.
   */
  Known known(RemoteModules remotes) {
    Optional<ModuleSet> local = read(localSet);
    if (local.isPresent() && local.get().key().equals(key)) {
      return new Known(local.get().coveredBy(expected), Source.LOCAL_SET);
    }
    Optional<ModuleSet> remote =
        remotes.getRecord(remoteKey()).flatMap(ModuleSet::parse).filter(s -> s.key().equals(key));
    if (remote.isPresent()) {
      return new Known(remote.get().coveredBy(expected), Source.REMOTE_SET);
    }
    if (local.isPresent()) {
      return new Known(
          new ModuleSet(key, local.get().coveredBy(expected).files()), Source.OLDER_SET);
    }
    // Nothing to go by: go asks for each file as it needs it. Warming the go.mod of every
    // requirement was tried; go reads only those of modules that provide packages.
    return new Known(new ModuleSet(key, List.of()), Source.NOTHING);
  }

  private static Optional<ModuleSet> read(Path file) {
    try {
      return ModuleSet.parse(Files.readAllBytes(file));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Saves what go asked for ({@code served}) and the zips unpacked for it, with the exact set the
   * warm used (for a GOMODCACHE that was not empty, from which go asked nothing). The remotes get
   * it unless it came from there unchanged.
   *
   * @param known what the warm used; null when it failed
   */
  void keep(
      Known known,
      List<ModuleStats.Served> served,
      List<ModuleStats.Unpacked> unpacked,
      RemoteModules remotes) {
    List<ModuleWarmer.Want> asked = new ArrayList<>();
    for (ModuleStats.Served f : served) {
      if (f.listed() && (f.file().equals("mod") || f.file().equals("zip"))) {
        asked.add(new ModuleWarmer.Want(f.module(), f.file().equals("zip")));
      }
    }
    // go never asks for a zip already in its cache, so what the warm unpacked stays in the set
    // (it came from the set the warm used, filtered by today's go.sum)
    for (ModuleStats.Unpacked u : unpacked) {
      asked.add(new ModuleWarmer.Want(u.module(), true));
    }
    if (asked.isEmpty()) {
      return; // go's own module cache had everything: nothing new to learn
    }
    ModuleSet set = ModuleSet.of(key, asked);
    boolean exact = known != null && known.exact();
    if (exact) {
      set = set.with(known.set().files());
    }
    boolean unchanged = exact && known.set().equals(set);
    if (!unchanged || known.source() == Source.REMOTE_SET) {
      try {
        AtomicFiles.write(localSet, set.encode());
      } catch (IOException e) {
        // the set only speeds up the next build
      }
    }
    if (!unchanged) {
      remotes.putRecord(remoteKey(), set.encode());
    }
  }
}
