package dev.slipway.modfile;

import dev.slipway.core.ModuleVersion;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A parsed go.sum: for each module version, the hash of its zip and of its go.mod ({@code <module>
 * <version>[/go.mod] <hash>}). Read as cmd/go's readGoSum reads it: fields split on white space,
 * blank lines skipped, and the empty-go.mod hash that an old go bug wrote is dropped.
 */
public final class GoSum {
  /** What an old go wrote for the go.mod of non-modules; go drops these lines, and so do we. */
  static final String EMPTY_GO_MOD_HASH = "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=";

  private static final String GO_MOD_SUFFIX = "/go.mod";

  /**
   * One go.sum line. {@code goMod} is true for a {@code /go.mod} line. A hash with a prefix other
   * than {@code h1:} is kept, but no lookup uses it, as in go.
   */
  public record Entry(ModuleVersion mv, boolean goMod, String hash, int line) {
    public Entry {
      Objects.requireNonNull(mv, "mv");
      Objects.requireNonNull(hash, "hash");
    }

    /** True for {@code h1:}, the one algorithm go knows. */
    public boolean knownAlgorithm() {
      return hash.startsWith("h1:");
    }
  }

  private final List<Entry> entries;
  private final Map<ModuleVersion, String> zips = new TreeMap<>();
  private final Map<ModuleVersion, String> mods = new TreeMap<>();

  private GoSum(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    for (Entry e : entries) {
      if (e.knownAlgorithm()) {
        (e.goMod() ? mods : zips).putIfAbsent(e.mv(), e.hash());
      }
    }
  }

  /**
   * Reads and parses a go.sum file; errors name the file as given.
   *
   * @throws UsageException if the file is unreadable or malformed
   */
  public static GoSum parse(Path file) throws UsageException {
    try {
      return parse(file.toString(), Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses go.sum content. A line without exactly three fields fails with go's message ({@code
   * malformed go.sum:\n<name>:<line>: wrong number of fields N}). Stricter than go, a line whose
   * module or version is invalid, or whose {@code h1:} hash is not base64 of 32 bytes, also fails,
   * naming its line.
   *
   * @throws UsageException if the content is malformed
   */
  public static GoSum parse(String name, byte[] content) throws UsageException {
    List<Entry> entries = new ArrayList<>();
    String text = new String(content, StandardCharsets.UTF_8);
    int lineno = 0;
    int start = 0;
    while (start < text.length()) {
      lineno++;
      int nl = text.indexOf('\n', start);
      String line = nl < 0 ? text.substring(start) : text.substring(start, nl);
      start = nl < 0 ? text.length() : nl + 1;
      List<String> f = GoText.fields(line);
      if (f.isEmpty()) {
        continue;
      }
      if (f.size() != 3) {
        throw new UsageException(
            "malformed go.sum:\n" + name + ":" + lineno + ": wrong number of fields " + f.size());
      }
      if (f.get(2).equals(EMPTY_GO_MOD_HASH)) {
        continue;
      }
      entries.add(entry(name, lineno, f.get(0), f.get(1), f.get(2)));
    }
    return new GoSum(entries);
  }

  private static Entry entry(String name, int lineno, String path, String version, String hash)
      throws UsageException {
    boolean goMod = version.endsWith(GO_MOD_SUFFIX);
    String v = goMod ? version.substring(0, version.length() - GO_MOD_SUFFIX.length()) : version;
    ModuleVersion mv;
    try {
      mv = new ModuleVersion(path, v);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "malformed go.sum:\n" + name + ":" + lineno + ": " + e.getMessage(), e);
    }
    if (hash.startsWith("h1:") && !isSha256Base64(hash.substring(3))) {
      throw new UsageException(
          "malformed go.sum:\n"
              + name
              + ":"
              + lineno
              + ": malformed h1 hash "
              + GoText.quote(hash)
              + " (want base64 of 32 bytes)");
    }
    return new Entry(mv, goMod, hash, lineno);
  }

  private static boolean isSha256Base64(String b64) {
    if (b64.length() != 44) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(b64).length == 32;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Every line kept, in file order. */
  public List<Entry> entries() {
    return entries;
  }

  /** The {@code h1:} hash of the module's zip, if go.sum has one. */
  public Optional<String> zipHash(ModuleVersion mv) {
    return Optional.ofNullable(zips.get(mv));
  }

  /** The {@code h1:} hash of the module's go.mod, if go.sum has one. */
  public Optional<String> modHash(ModuleVersion mv) {
    return Optional.ofNullable(mods.get(mv));
  }

  /** The module versions with a zip hash: those a build may download in full. */
  public Set<ModuleVersion> modules() {
    return Collections.unmodifiableSet(zips.keySet());
  }

  /** The module versions with only a go.mod hash: go reads their go.mod but never their code. */
  public Set<ModuleVersion> modOnly() {
    Set<ModuleVersion> out = new TreeSet<>(mods.keySet());
    out.removeAll(zips.keySet());
    return Collections.unmodifiableSet(out);
  }
}
