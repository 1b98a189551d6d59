package dev.slipway.modules;

import dev.slipway.core.Digest;
import dev.slipway.core.ModuleVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One module version in the store: the digests of its blobs and the verified {@code h1:} hashes. A
 * mod-only entry (a module whose go.mod the build graph needs but whose code it does not) has no
 * zip.
 */
public record StoredModule(
    ModuleVersion module,
    Optional<Digest> info,
    Digest mod,
    String modHash,
    Optional<Digest> zip,
    Optional<String> zipHash) {
  public StoredModule {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(mod, "mod");
    Objects.requireNonNull(modHash, "modHash");
    if (zip.isPresent() != zipHash.isPresent()) {
      throw new IllegalArgumentException(module + ": a stored zip needs its h1 hash and back");
    }
  }

  public boolean hasZip() {
    return zip.isPresent();
  }

  /** The index file's text: one {@code key value} line per field. */
  String toIndex() {
    List<String> lines = new ArrayList<>();
    lines.add("module " + module);
    info.ifPresent(d -> lines.add("info " + d));
    lines.add("mod " + mod);
    lines.add("modhash " + modHash);
    zip.ifPresent(d -> lines.add("zip " + d));
    zipHash.ifPresent(h -> lines.add("ziphash " + h));
    return String.join("\n", lines) + "\n";
  }

  /** Parses {@link #toIndex()}; a malformed index is a miss, so this throws only on bad input. */
  static StoredModule fromIndex(String text) {
    ModuleVersion module = null;
    Digest info = null;
    Digest mod = null;
    String modHash = null;
    Digest zip = null;
    String zipHash = null;
    for (String line : text.split("\n")) {
      int sp = line.indexOf(' ');
      if (sp <= 0) {
        continue;
      }
      String value = line.substring(sp + 1);
      switch (line.substring(0, sp)) {
        case "module" -> module = ModuleVersion.parse(value);
        case "info" -> info = Digest.parse(value);
        case "mod" -> mod = Digest.parse(value);
        case "modhash" -> modHash = value;
        case "zip" -> zip = Digest.parse(value);
        case "ziphash" -> zipHash = value;
        default -> {}
      }
    }
    return new StoredModule(
        module,
        Optional.ofNullable(info),
        mod,
        modHash,
        Optional.ofNullable(zip),
        Optional.ofNullable(zipHash));
  }
}
