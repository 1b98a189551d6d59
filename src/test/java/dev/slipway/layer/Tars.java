package dev.slipway.layer;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Test helpers: tars written in memory and read back with commons-compress. */
final class Tars {
  private Tars() {}

  record Read(TarArchiveEntry entry, byte[] content) {}

  static byte[] tar(LayerBuilder builder) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    builder.writeTar(out, Instant.EPOCH);
    return out.toByteArray();
  }

  /** Entries by name, in archive order. */
  static Map<String, Read> read(byte[] tar) throws IOException {
    Map<String, Read> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries.put(e.getName(), new Read(e, in.readAllBytes()));
      }
    }
    return entries;
  }

  static byte[] decompress(Layer layer) throws IOException {
    try (InputStream file = Files.newInputStream(layer.blob());
        InputStream in =
            layer.compression() == Compression.GZIP
                ? new GZIPInputStream(file)
                : new ZstdInputStream(file)) {
      return in.readAllBytes();
    }
  }

  static byte[] bytes(Path p) throws IOException {
    return Files.readAllBytes(p);
  }
}
