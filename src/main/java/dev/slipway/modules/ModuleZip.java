package dev.slipway.modules;

import dev.slipway.core.ModuleVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Checks a module zip as golang.org/x/mod/zip does before extracting it: the zip is hostile input.
 * The check reads every entry once, counting the bytes it actually inflates rather than trusting
 * the headers, and returns the zip's {@code h1:} hash from the same pass.
 */
public final class ModuleZip {
  private static final Set<String> WINDOWS_RESERVED =
      Set.of(
          "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
          "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");
  private static final String ALLOWED_PUNCTUATION = "!#$%&()+,-.=@[]^_{}~ ";
  private static final int S_IFMT = 0170000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;

  /** Size limits; {@link #GO} are the go command's. */
  public record Limits(long maxZip, long maxTotal, long maxGoMod, long maxLicense) {
    public static final Limits GO = new Limits(500L << 20, 500L << 20, 16L << 20, 16L << 20);
  }

  private ModuleZip() {}

  /** Checks with the go command's limits and returns the zip's {@code h1:} hash. */
  public static String check(Path zip, ModuleVersion mv) throws ModuleRejectedException {
    return check(zip, mv, Limits.GO);
  }

  /**
   * What checking a zip found: its {@code h1:} hash, and the SHA-256 (hex) of its root go.mod if it
   * has one. A go.sum zip line vouches for every file in the zip, the go.mod included.
   */
  public record Checked(String hash, Optional<String> goModSha256) {}

  /** Checks {@code zip} as the zip of {@code mv}. */
  public static String check(Path zip, ModuleVersion mv, Limits limits)
      throws ModuleRejectedException {
    return inspect(zip, mv, limits).hash();
  }

  /**
   * Checks {@code zip} as the zip of {@code mv} and returns its {@code h1:} hash and go.mod.
   *
   * @throws ModuleRejectedException naming module@version and the first bad entry
   */
  public static Checked inspect(Path zip, ModuleVersion mv, Limits limits)
      throws ModuleRejectedException {
    try {
      return inspect(zip, mv, limits, null);
    } catch (ModuleRejectedException e) {
      throw e;
    } catch (IOException e) {
      throw new AssertionError("no sink, no sink failure", e);
    }
  }

  /** Where {@link #inspect(Path, ModuleVersion, Limits, Sink)} writes each file it reads. */
  @FunctionalInterface
  interface Sink {
    /** A new file at {@code name} (relative to the module root) for an entry's content. */
    OutputStream create(String name) throws IOException;
  }

  /**
   * Checks {@code zip} as {@link #inspect(Path, ModuleVersion, Limits)} does and, in the same pass,
   * writes each file's content to {@code sink} (no directory entries, as x/mod/zip's Unzip). What
   * it wrote is only as good as the returned hash: the caller compares that with go.sum before
   * using any of it.
   *
   * @param sink null to write nothing
   * @throws IOException only from {@code sink}
   */
  static Checked inspect(Path zip, ModuleVersion mv, Limits limits, Sink sink)
      throws ModuleRejectedException, IOException {
    try {
      long zipSize = Files.size(zip);
      if (zipSize > limits.maxZip()) {
        throw reject(mv, "module zip is " + zipSize + " bytes (max " + limits.maxZip() + ")");
      }
      String prefix = mv.path() + "@" + mv.version() + "/";
      List<Hash1.FileHash> hashes = new ArrayList<>();
      Map<String, String> folded = new HashMap<>();
      Map<String, Boolean> isDirByFolded = new HashMap<>();
      long total = 0;
      String goMod = null;
      try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
        for (ZipArchiveEntry e : Collections.list(z.getEntriesInPhysicalOrder())) {
          String entry = e.getName();
          String name = relativeName(mv, prefix, entry);
          boolean isDir = entry.endsWith("/");
          if (isDir) {
            name = name.substring(0, name.length() - 1);
          }
          checkFilePath(mv, entry, name);
          checkType(mv, e);
          checkCollisions(mv, entry, name, isDir, folded, isDirByFolded);
          String base = name.substring(name.lastIndexOf('/') + 1);
          if (!isDir && base.equalsIgnoreCase("go.mod") && !name.equals("go.mod")) {
            throw reject(mv, entry, "go.mod file not in module root directory or wrongly cased");
          }
          long declared = e.getSize();
          long limit = limits.maxTotal() - total;
          if (name.equals("go.mod")) {
            limit = Math.min(limit, limits.maxGoMod());
          } else if (name.equals("LICENSE")) {
            limit = Math.min(limit, limits.maxLicense());
          }
          if (declared > limit) {
            throw reject(mv, entry, "declares " + declared + " bytes, over the limit of " + limit);
          }
          String hex;
          long actual;
          try (InputStream in = z.getInputStream(e);
              OutputStream out = sink == null || isDir ? null : SinkFailure.open(sink, name)) {
            MessageDigest md = dev.slipway.core.Digest.newSha256();
            actual = copyBounded(in, md, out, declared < 0 ? limit : declared);
            if (declared >= 0 && actual != declared) {
              throw reject(
                  mv, entry, "uncompressed size differs from its header (" + declared + " bytes)");
            }
            if (actual > limit) {
              throw reject(mv, entry, "uncompressed content is over the limit of " + limit);
            }
            hex = HexFormat.of().formatHex(md.digest());
          }
          total += actual;
          if (!isDir && name.equals("go.mod")) {
            goMod = hex;
          }
          hashes.add(new Hash1.FileHash(entry, hex));
        }
      }
      return new Checked(Hash1.of(hashes), Optional.ofNullable(goMod));
    } catch (ModuleRejectedException e) {
      throw e;
    } catch (SinkFailure e) {
      throw e.getCause(); // the sink's own failure (a full disk), not the zip's
    } catch (IOException | RuntimeException e) {
      throw new ModuleRejectedException(
          mv, mv + ": not a valid module zip: " + e.getMessage() + "; nothing was admitted", e);
    }
  }

  /** A sink's own I/O failure, kept apart from the zip's. */
  private static final class SinkFailure extends IOException {
    private static final long serialVersionUID = 1L;

    SinkFailure(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }

    static OutputStream open(Sink sink, String name) throws SinkFailure {
      OutputStream out;
      try {
        out = sink.create(name);
      } catch (IOException e) {
        throw new SinkFailure(e);
      }
      return new java.io.FilterOutputStream(out) {
        @Override
        public void write(byte[] b, int off, int len) throws SinkFailure {
          try {
            out.write(b, off, len);
          } catch (IOException e) {
            throw new SinkFailure(e);
          }
        }

        @Override
        public void close() throws SinkFailure {
          try {
            out.close();
          } catch (IOException e) {
            throw new SinkFailure(e);
          }
        }
      };
    }
  }

  /** Reads at most {@code max + 1} bytes, so a zip bomb is caught one byte past its claim. */
  private static long copyBounded(InputStream in, MessageDigest md, OutputStream out, long max)
      throws IOException {
    byte[] buf = new byte[64 * 1024];
    long count = 0;
    while (count <= max) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, max + 1 - count));
      if (n < 0) {
        break;
      }
      md.update(buf, 0, n);
      if (out != null) {
        out.write(buf, 0, n);
      }
      count += n;
    }
    return count;
  }

  private static String relativeName(ModuleVersion mv, String prefix, String entry)
      throws ModuleRejectedException {
    if (!entry.startsWith(prefix)) {
      throw reject(mv, entry, "path does not start with \"" + prefix + "\"");
    }
    String name = entry.substring(prefix.length());
    if (name.isEmpty() || name.equals("/")) {
      throw reject(mv, entry, "empty file path");
    }
    return name;
  }

  /** golang.org/x/mod/module.CheckFilePath, plus path.Clean. */
  private static void checkFilePath(ModuleVersion mv, String entry, String name)
      throws ModuleRejectedException {
    if (name.startsWith("/") || name.contains("\\")) {
      throw reject(mv, entry, "path is absolute or has a backslash");
    }
    for (String elem : name.split("/", -1)) {
      if (elem.isEmpty()) {
        throw reject(mv, entry, "path has an empty element (not clean)");
      }
      if (elem.equals(".") || elem.equals("..")) {
        throw reject(mv, entry, "path has a '" + elem + "' element (not clean)");
      }
      if (elem.endsWith(".")) {
        throw reject(mv, entry, "trailing dot in path element");
      }
      for (int i = 0; i < elem.length(); ) {
        int cp = elem.codePointAt(i);
        if (!fileNameOk(cp)) {
          throw reject(mv, entry, String.format("invalid char U+%04X in file name", cp));
        }
        i += Character.charCount(cp);
      }
      int dot = elem.indexOf('.');
      String shortName = dot < 0 ? elem : elem.substring(0, dot);
      if (WINDOWS_RESERVED.contains(shortName.toUpperCase(Locale.ROOT))) {
        throw reject(mv, entry, "\"" + shortName + "\" is a reserved Windows name");
      }
      int tilde = shortName.lastIndexOf('~');
      if (tilde >= 0 && tilde < shortName.length() - 1) {
        if (shortName.substring(tilde + 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw reject(mv, entry, "\"" + shortName + "\" looks like a Windows short name");
        }
      }
    }
  }

  private static boolean fileNameOk(int cp) {
    if (cp < 0x80) {
      return (cp >= '0' && cp <= '9')
          || (cp >= 'a' && cp <= 'z')
          || (cp >= 'A' && cp <= 'Z')
          || ALLOWED_PUNCTUATION.indexOf(cp) >= 0;
    }
    return Character.isLetter(cp);
  }

  /** Only regular files and directories: a symlink could point anywhere once extracted. */
  private static void checkType(ModuleVersion mv, ZipArchiveEntry e)
      throws ModuleRejectedException {
    if (e.getPlatform() != ZipArchiveEntry.PLATFORM_UNIX) {
      return;
    }
    int type = e.getUnixMode() & S_IFMT;
    if (type != 0 && type != S_IFREG && type != S_IFDIR) {
      String kind = type == S_IFLNK ? "a symbolic link" : "not a regular file";
      throw reject(mv, e.getName(), "entry is " + kind);
    }
  }

  /** x/mod/zip's collisionChecker: names equal after case folding, and file-versus-directory. */
  private static void checkCollisions(
      ModuleVersion mv,
      String entry,
      String name,
      boolean isDir,
      Map<String, String> folded,
      Map<String, Boolean> isDirByFolded)
      throws ModuleRejectedException {
    String key = name.toLowerCase(Locale.ROOT);
    String other = folded.get(key);
    if (other != null) {
      boolean bothDirs = isDir && isDirByFolded.get(key);
      if (!(bothDirs && other.equals(name))) {
        throw reject(mv, entry, "case-insensitive file name collision with \"" + other + "\"");
      }
      return;
    }
    folded.put(key, name);
    isDirByFolded.put(key, isDir);
    int slash = name.lastIndexOf('/');
    if (slash > 0) {
      checkCollisions(mv, entry, name.substring(0, slash), true, folded, isDirByFolded);
    }
  }

  private static ModuleRejectedException reject(ModuleVersion mv, String entry, String why) {
    return new ModuleRejectedException(
        mv, mv + ": bad entry \"" + entry + "\" in module zip: " + why + "; nothing was admitted");
  }

  private static ModuleRejectedException reject(ModuleVersion mv, String why) {
    return new ModuleRejectedException(mv, mv + ": " + why + "; nothing was admitted");
  }
}
