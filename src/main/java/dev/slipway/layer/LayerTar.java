package dev.slipway.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes entries as a byte-for-byte reproducible tar. Everything that could vary between machines
 * is pinned: the mtime, numeric owners with empty names, permission bits without file-type bits (as
 * GNU tar and Go write them), UTF-8 names, and PAX records only for long or non-ASCII names.
 * commons-compress 1.27 gives those PAX headers the entry's mtime and no user name, so they are
 * constant too (checked by LayerBuilderTest).
 */
final class LayerTar {
  private static final int BUFFER = 64 * 1024;

  private LayerTar() {}

  /** Writes {@code entries}, which must already be sorted and complete, and finishes the tar. */
  static void write(List<LayerEntry> entries, Instant mtime, OutputStream out) throws IOException {
    FileTime time = FileTime.from(mtime);
    // Not closed: closing would close the caller's stream, which the caller still needs.
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    byte[] buffer = new byte[BUFFER];
    for (LayerEntry e : entries) {
      TarArchiveEntry t = new TarArchiveEntry(e.tarName(), linkFlag(e.type()));
      t.setModTime(time);
      t.setMode(e.mode());
      t.setUserId(e.uid());
      t.setGroupId(e.gid());
      t.setUserName("");
      t.setGroupName("");
      if (e.type() == LayerEntry.Type.SYMLINK) {
        t.setLinkName(e.linkTarget());
      }
      if (e.type() == LayerEntry.Type.FILE) {
        writeFile(tar, t, e, buffer);
      } else {
        tar.putArchiveEntry(t);
        tar.closeArchiveEntry();
      }
    }
    tar.finish();
  }

  private static void writeFile(
      TarArchiveOutputStream tar, TarArchiveEntry t, LayerEntry e, byte[] buffer)
      throws IOException {
    long size = e.content().size();
    t.setSize(size);
    tar.putArchiveEntry(t);
    long copied = 0;
    try (InputStream in = e.content().open()) {
      int n;
      while (copied < size
          && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied))) > 0) {
        tar.write(buffer, 0, n);
        copied += n;
      }
      // A file that grew or shrank while we read it would give a tar that matches no digest.
      if (copied != size || in.read() != -1) {
        throw new IOException("/" + e.path() + " changed size while the layer was being written");
      }
    }
    tar.closeArchiveEntry();
  }

  private static byte linkFlag(LayerEntry.Type type) {
    return switch (type) {
      case DIRECTORY -> TarConstants.LF_DIR;
      case FILE -> TarConstants.LF_NORMAL;
      case SYMLINK -> TarConstants.LF_SYMLINK;
    };
  }
}
