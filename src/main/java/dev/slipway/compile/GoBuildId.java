package dev.slipway.compile;

import dev.slipway.core.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Checks a binary linked by go against its own build ID. The go command ends a binary's build ID
 * with a content ID: SHA-256 of the file with every copy of the build ID (and an ELF GNU build-id
 * note's payload) read as zeros, cut to 15 bytes, in URL-safe base64 (cmd/internal/buildid's
 * FindAndHash and HashToString). When a binary's bytes no longer give that ID, they were damaged
 * after go wrote them. go itself reuses a binary on its build ID alone, without this check.
 */
public final class GoBuildId {
  private static final byte[] PREFIX =
      "\u00ff Go build ID: \"".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] GO_NOTE = {'G', 'o', 0, 0};
  private static final int HEAD = 64 * 1024;

  private GoBuildId() {}

  /**
   * What is wrong with {@code binary}, or null when it matches its build ID or cannot be checked
   * (no Go build ID, a build ID of another form such as one set with {@code -buildid=}, or a signed
   * Mach-O file, whose signature go leaves out of the hash).
   */
  public static String problem(Path binary) throws IOException {
    long size = Files.size(binary);
    if (size == 0) {
      return "it is empty";
    }
    byte[] head = head(binary);
    String id = checkableId(head);
    if (id == null) {
      return null;
    }
    String[] parts = id.split("/", -1);
    long[] excluded = isElf(head) ? gnuBuildIdNote(binary) : null;
    String actual = contentId(binary, id.getBytes(StandardCharsets.ISO_8859_1), excluded);
    if (actual.equals(parts[3])) {
      return null;
    }
    return "its bytes no longer match its Go build ID (content "
        + actual
        + ", not "
        + parts[3]
        + ")";
  }

  /**
   * The Go build ID of {@code binary} when it ends in a content ID (action/content IDs as go writes
   * them by default), read from its first bytes only; empty for any other binary.
   */
  public static Optional<String> read(Path binary) throws IOException {
    return Optional.ofNullable(checkableId(head(binary)));
  }

  private static byte[] head(Path binary) throws IOException {
    try (InputStream in = Files.newInputStream(binary)) {
      return in.readNBytes(HEAD);
    }
  }

  /**
   * The build ID in {@code head} when it ends in a content ID that the bytes can be checked
   * against: four parts, the last of 20 characters; null otherwise, and for a Mach-O file, whose
   * signature go leaves out of the hash.
   */
  private static String checkableId(byte[] head) {
    if (isMachO(head)) {
      return null;
    }
    String id = buildId(head);
    String[] parts = id == null ? new String[0] : id.split("/", -1);
    return parts.length == 4 && parts[3].length() == 20 ? id : null;
  }

  /**
   * The build ID: from the ELF note go writes ({@code .note.go.buildid}: name "Go", type 4), or
   * from the {@code \xff Go build ID: "..."} marker other formats carry; null without one.
   */
  static String buildId(byte[] head) {
    for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
      byte[] typeAndName = ByteBuffer.allocate(8).order(order).putInt(4).put(GO_NOTE).array();
      int at = indexOf(head, typeAndName, 8, head.length);
      if (at >= 0) {
        ByteBuffer note = ByteBuffer.wrap(head).order(order);
        int nameSize = note.getInt(at - 8);
        int descSize = note.getInt(at - 4);
        if (nameSize == 4 && descSize > 0 && at + 8 + descSize <= head.length) {
          return new String(head, at + 8, descSize, StandardCharsets.ISO_8859_1);
        }
      }
    }
    int at = indexOf(head, PREFIX, 0, head.length);
    if (at < 0) {
      return null;
    }
    int start = at + PREFIX.length;
    for (int i = start; i < head.length; i++) {
      if (head[i] == '"') {
        return new String(head, start, i - start, StandardCharsets.ISO_8859_1);
      }
      if (head[i] == '\\' || head[i] < 0x20) {
        return null; // go never quotes anything in a build ID
      }
    }
    return null;
  }

  /** The content ID of {@code file}, as go computes it. */
  static String contentId(Path file, byte[] id, long[] excluded) throws IOException {
    MessageDigest sha256 = Digest.newSha256();
    byte[] zeros = new byte[id.length];
    int keep = id.length - 1;
    byte[] buf = new byte[keep + HEAD];
    int have = 0;
    long offset = 0; // of buf[0] in the file
    try (InputStream in = Files.newInputStream(file)) {
      while (true) {
        int n = in.read(buf, have, buf.length - have);
        boolean end = n < 0;
        if (!end) {
          zeroExcluded(buf, have, n, offset, excluded);
          have += n;
        }
        int p = 0;
        for (int i = indexOf(buf, id, 0, have); i >= 0; i = indexOf(buf, id, p, have)) {
          sha256.update(buf, p, i - p);
          sha256.update(zeros);
          p = i + id.length;
        }
        if (end) {
          sha256.update(buf, p, have - p);
          break;
        }
        int tail = Math.max(p, have - keep); // a copy of the ID may start in the last bytes
        sha256.update(buf, p, tail - p);
        System.arraycopy(buf, tail, buf, 0, have - tail);
        offset += tail;
        have -= tail;
      }
    }
    byte[] hash = sha256.digest();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(java.util.Arrays.copyOf(hash, 15));
  }

  private static void zeroExcluded(byte[] buf, int from, int n, long offset, long[] excluded) {
    if (excluded == null) {
      return;
    }
    long start = Math.max(offset + from, excluded[0]);
    long end = Math.min(offset + from + n, excluded[1]);
    for (long i = start; i < end; i++) {
      buf[(int) (i - offset)] = 0;
    }
  }

  /**
   * The byte range of an ELF file's {@code .note.gnu.build-id} payload (after its 16-byte note
   * header), which go leaves out of the content ID; null without one.
   */
  static long[] gnuBuildIdNote(Path file) throws IOException {
    long[] s = ElfSections.find(file, ".note.gnu.build-id");
    return s == null ? null : new long[] {s[0] + 16, s[0] + s[1]};
  }

  private static boolean isElf(byte[] head) {
    return head.length >= 4
        && head[0] == 0x7f
        && head[1] == 'E'
        && head[2] == 'L'
        && head[3] == 'F';
  }

  private static boolean isMachO(byte[] head) {
    if (head.length < 4) {
      return false;
    }
    int magic =
        ((head[0] & 0xff) << 24)
            | ((head[1] & 0xff) << 16)
            | ((head[2] & 0xff) << 8)
            | (head[3] & 0xff);
    return magic == 0xfeedface || magic == 0xfeedfacf || magic == 0xcefaedfe || magic == 0xcffaedfe;
  }

  private static int indexOf(byte[] data, byte[] needle, int from, int to) {
    outer:
    for (int i = from; i <= to - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
