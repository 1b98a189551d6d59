package dev.slipway.compile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** Finds a named section of an ELF file (32 or 64 bits, either byte order) by its header. */
final class ElfSections {
  private ElfSections() {}

  /**
   * The file offset and size of the section named {@code name}, or null when there is none or the
   * file is not a well-formed ELF file.
   */
  static long[] find(Path file, String name) throws IOException {
    byte[] wanted = (name + "\0").getBytes(StandardCharsets.ISO_8859_1);
    try (FileChannel ch = FileChannel.open(file)) {
      ByteBuffer ident = read(ch, 0, 64, ByteOrder.LITTLE_ENDIAN);
      if (ident.limit() < 64 || ident.getInt(0) != 0x464c457f) {
        return null;
      }
      boolean is64 = ident.get(4) == 2;
      ByteOrder order = ident.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      ByteBuffer h = read(ch, 0, 64, order);
      long shoff = is64 ? h.getLong(0x28) : h.getInt(0x20) & 0xffffffffL;
      int shentsize = h.getShort(is64 ? 0x3A : 0x2E) & 0xffff;
      int shnum = h.getShort(is64 ? 0x3C : 0x30) & 0xffff;
      int shstrndx = h.getShort(is64 ? 0x3E : 0x32) & 0xffff;
      if (shoff <= 0 || shnum == 0 || shstrndx >= shnum || shentsize < (is64 ? 40 : 24)) {
        return null;
      }
      ByteBuffer sections = read(ch, shoff, shentsize * shnum, order);
      long[] names = section(sections, shstrndx * shentsize, is64);
      for (int i = 0; i < shnum; i++) {
        int at = i * shentsize;
        long nameAt = sections.getInt(at) & 0xffffffffL;
        if (nameAt + wanted.length > names[1]) {
          continue;
        }
        ByteBuffer n = read(ch, names[0] + nameAt, wanted.length, order);
        byte[] got = new byte[n.remaining()];
        n.get(got);
        if (Arrays.equals(got, wanted)) {
          return section(sections, at, is64);
        }
      }
      return null;
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Reads {@code length} bytes at {@code at}, fewer at the end of the file. */
  static ByteBuffer read(FileChannel ch, long at, int length, ByteOrder order) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length).order(order);
    while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
      // positional reads until full or at the end
    }
    b.flip();
    return b;
  }

  /** Offset and size of the section header at {@code at}. */
  private static long[] section(ByteBuffer headers, int at, boolean is64) {
    return is64
        ? new long[] {headers.getLong(at + 24), headers.getLong(at + 32)}
        : new long[] {headers.getInt(at + 16) & 0xffffffffL, headers.getInt(at + 20) & 0xffffffffL};
  }
}
