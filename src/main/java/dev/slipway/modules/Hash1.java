package dev.slipway.modules;

import dev.slipway.core.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * The go command's {@code h1:} hash (golang.org/x/mod/sumdb/dirhash Hash1): SHA-256 over a summary
 * of {@code hex(sha256(file)) + " " + name + "\n"} lines, sorted by the names' UTF-8 bytes.
 */
public final class Hash1 {
  private Hash1() {}

  /** The {@code h1:} of a module zip, over its entry names as they are (directory entries too). */
  public static String ofZip(Path zip) throws IOException {
    List<FileHash> files = new ArrayList<>();
    try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
      for (ZipArchiveEntry e : Collections.list(z.getEntriesInPhysicalOrder())) {
        try (InputStream in = z.getInputStream(e)) {
          files.add(new FileHash(e.getName(), sha256Hex(in)));
        }
      }
    }
    return of(files);
  }

  /** The {@code /go.mod} line's hash: one file named exactly {@code go.mod}. */
  public static String ofGoMod(byte[] mod) {
    return of(List.of(new FileHash("go.mod", Digest.sha256Of(mod).hex())));
  }

  /** Hash1 over files already hashed: sorted by UTF-8 bytes, duplicates kept, as go does. */
  static String of(List<FileHash> files) {
    List<FileHash> sorted = new ArrayList<>(files);
    for (FileHash f : sorted) {
      if (f.name().indexOf('\n') >= 0) {
        throw new IllegalArgumentException("file name contains a newline: " + f.name());
      }
    }
    sorted.sort(
        (a, b) ->
            Arrays.compareUnsigned(
                a.name().getBytes(StandardCharsets.UTF_8),
                b.name().getBytes(StandardCharsets.UTF_8)));
    MessageDigest summary = Digest.newSha256();
    for (FileHash f : sorted) {
      summary.update((f.sha256Hex() + "  " + f.name() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return "h1:" + Base64.getEncoder().encodeToString(summary.digest());
  }

  static String sha256Hex(InputStream in) throws IOException {
    MessageDigest md = Digest.newSha256();
    byte[] buf = new byte[64 * 1024];
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static String sha256Hex(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256Hex(in);
    }
  }

  /** One line of the summary. */
  record FileHash(String name, String sha256Hex) {}
}
