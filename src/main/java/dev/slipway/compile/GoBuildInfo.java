package dev.slipway.compile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What go wrote into a linked binary about how it was built, as {@code go version -m} shows it: the
 * toolchain, the main package's path, the main module, every module linked in (with the go.sum hash
 * of each, and its replacement), and the build settings. Read from the ELF section {@code
 * .go.buildinfo} in the layout Go 1.18 and later write (debug/buildinfo), parsed as
 * runtime/debug.ParseBuildInfo parses it.
 */
public record GoBuildInfo(
    String goVersion, String path, Module main, List<Module> deps, Map<String, String> settings) {
  private static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
  private static final int HEADER = 32;
  private static final int INLINE_STRINGS = 0x2;

  /** debug/buildinfo reads at most this much of a string; a real one is a few KiB. */
  private static final int MAX_STRING = 4 << 20;

  /** A module as the binary names it; {@code sum} is empty for the main module of a build. */
  public record Module(String path, String version, String sum, Module replace) {
    public Module {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(sum, "sum");
    }

    /** The module whose files were linked in: the replacement, if there is one. */
    public Module effective() {
      return replace == null ? this : replace;
    }
  }

  public GoBuildInfo {
    deps = List.copyOf(deps);
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  /** Reads a Linux binary's build information; an IOException names what is missing. */
  public static GoBuildInfo read(Path binary) throws IOException {
    long[] section = ElfSections.find(binary, ".go.buildinfo");
    if (section == null) {
      throw new IOException(binary + ": no .go.buildinfo section (not a Go binary for Linux?)");
    }
    try (FileChannel ch = FileChannel.open(binary)) {
      ByteBuffer header = ElfSections.read(ch, section[0], HEADER, ByteOrder.LITTLE_ENDIAN);
      byte[] magic = new byte[MAGIC.length];
      header.get(magic);
      if (!Arrays.equals(magic, MAGIC) || header.limit() < HEADER) {
        throw new IOException(binary + ": .go.buildinfo does not start with Go's magic");
      }
      if ((header.get(15) & INLINE_STRINGS) == 0) {
        throw new IOException(binary + ": build information older than Go 1.18 is not read");
      }
      long[] at = {section[0] + HEADER};
      String version = string(ch, at, binary);
      String modinfo = string(ch, at, binary);
      // The module information sits between two 16-byte sentinels (runtime/debug's modinfo).
      if (modinfo.length() >= 33 && modinfo.charAt(modinfo.length() - 17) == '\n') {
        modinfo = modinfo.substring(16, modinfo.length() - 16);
      } else {
        modinfo = "";
      }
      return parse(version, modinfo);
    }
  }

  /** A uvarint length, then that many bytes of UTF-8; advances {@code at}. */
  private static String string(FileChannel ch, long[] at, Path binary) throws IOException {
    ByteBuffer varint = ElfSections.read(ch, at[0], 10, ByteOrder.LITTLE_ENDIAN);
    long length = 0;
    int shift = 0;
    int used = 0;
    while (true) {
      if (!varint.hasRemaining() || shift > 63) {
        throw new IOException(binary + ": truncated build information");
      }
      int b = varint.get() & 0xff;
      used++;
      length |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        break;
      }
      shift += 7;
    }
    if (length > MAX_STRING) {
      throw new IOException(binary + ": build information string of " + length + " bytes");
    }
    ByteBuffer bytes = ElfSections.read(ch, at[0] + used, (int) length, ByteOrder.LITTLE_ENDIAN);
    if (bytes.limit() != length) {
      throw new IOException(binary + ": truncated build information");
    }
    at[0] += used + length;
    byte[] text = new byte[bytes.remaining()];
    bytes.get(text);
    return new String(text, StandardCharsets.UTF_8);
  }

  /**
   * Parses the module information text (without its sentinels) as runtime/debug.ParseBuildInfo
   * does; {@code goVersion} comes from the binary's header.
   */
  public static GoBuildInfo parse(String goVersion, String modinfo) {
    String path = "";
    Module main = null;
    List<Module> deps = new ArrayList<>();
    Map<String, String> settings = new LinkedHashMap<>();
    int lineNumber = 0;
    int depIndex = -1;
    boolean lastIsMain = false;
    for (String line : modinfo.split("\n", -1)) {
      lineNumber++;
      if (line.isEmpty()) {
        continue;
      }
      int tab = line.indexOf('\t');
      String kind = tab < 0 ? line : line.substring(0, tab);
      String rest = tab < 0 ? "" : line.substring(tab + 1);
      switch (kind) {
        case "go" -> {
          // the same version as the header's
        }
        case "path" -> path = rest;
        case "mod" -> {
          main = module(rest, lineNumber);
          lastIsMain = true;
          depIndex = -1;
        }
        case "dep" -> {
          deps.add(module(rest, lineNumber));
          depIndex = deps.size() - 1;
          lastIsMain = false;
        }
        case "=>" -> {
          String[] f = rest.split("\t", -1);
          if (f.length != 3) {
            throw bad(lineNumber, "expected 3 columns for replacement; got " + f.length);
          }
          Module replacement = new Module(f[0], f[1], f[2], null);
          if (lastIsMain && main != null) {
            main = new Module(main.path(), main.version(), main.sum(), replacement);
          } else if (depIndex >= 0) {
            Module d = deps.get(depIndex);
            deps.set(depIndex, new Module(d.path(), d.version(), d.sum(), replacement));
          } else {
            throw bad(lineNumber, "replacement with no module on previous line");
          }
          lastIsMain = false;
          depIndex = -1;
        }
        case "build" -> setting(rest, settings, lineNumber);
        default -> {
          // lines of kinds a later Go may add are skipped, as Go's own parser does
        }
      }
    }
    if (main == null) {
      main = new Module(path, "", "", null);
    }
    return new GoBuildInfo(goVersion, path, main, deps, settings);
  }

  private static Module module(String rest, int line) {
    String[] f = rest.split("\t", -1);
    if (f.length != 2 && f.length != 3) {
      throw bad(line, "expected 2 or 3 columns; got " + f.length);
    }
    return new Module(f[0], f[1], f.length == 3 ? f[2] : "", null);
  }

  private static void setting(String kv, Map<String, String> into, int line) {
    if (kv.isEmpty() || kv.charAt(0) == '=') {
      throw bad(line, "build line with missing key");
    }
    String key;
    String raw;
    if (kv.charAt(0) == '"' || kv.charAt(0) == '`') {
      int end = GoStrings.quotedPrefixLength(kv);
      if (end < 0 || end >= kv.length() || kv.charAt(end) != '=') {
        throw bad(line, "invalid quoted key in build line");
      }
      key = GoStrings.unquote(kv.substring(0, end));
      raw = kv.substring(end + 1);
    } else {
      int eq = kv.indexOf('=');
      if (eq < 0) {
        throw bad(line, "build line missing '=' after key");
      }
      key = kv.substring(0, eq);
      raw = kv.substring(eq + 1);
    }
    String value = raw;
    if (!raw.isEmpty() && (raw.charAt(0) == '"' || raw.charAt(0) == '`')) {
      if (GoStrings.quotedPrefixLength(raw) != raw.length()) {
        throw bad(line, "invalid quoted value in build line");
      }
      value = GoStrings.unquote(raw);
    }
    into.put(key, value);
  }

  private static IllegalArgumentException bad(int line, String why) {
    return new IllegalArgumentException("could not parse Go build info: line " + line + ": " + why);
  }
}
