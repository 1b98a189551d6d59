package dev.slipway.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks block-parallel gzip layers with the system's gzip and tar, so it starts processes. */
@Tag("integration")
class GzipLayerIntegrationTest {
  @TempDir Path tmp;
  private Layer layer;

  /** Output of a shell command; a non-zero exit fails the test with its stderr. */
  private static String sh(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("%s: %s", command, err).isZero();
    return out;
  }

  /** A layer of several gzip blocks, with a partial last one. */
  @BeforeEach
  void buildLayer() throws Exception {
    byte[] binary = new byte[5 * ParallelGzipOutputStream.BLOCK / 2 + 4321];
    Random random = new Random(1);
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt() : i % 251);
    }
    Path bin = Files.write(tmp.resolve("svc"), binary);
    layer =
        BinaryLayer.entries("svc", bin)
            .build(new LayerStore(tmp.resolve("store")), Compression.GZIP, Instant.EPOCH);
  }

  @Test
  void systemGzipAcceptsTheBlobAndItsOutputHashesToTheDiffId() throws Exception {
    String blob = layer.blob().toString();

    sh("gzip -t '" + blob + "'");
    assertThat(sh("gzip -dc '" + blob + "' | sha256sum").split(" ")[0])
        .isEqualTo(layer.diffId().hex());
    assertThat(Digest.sha256Of(Tars.decompress(layer))).isEqualTo(layer.diffId());
  }

  @Test
  void systemTarListsTheDecompressedLayer() throws Exception {
    String listing = sh("gzip -dc '" + layer.blob() + "' | tar -tvf -");

    assertThat(listing.lines()).hasSize(2);
    assertThat(listing).contains(" app/\n").contains(" app/svc\n").contains("r-xr-xr-x");
  }
}
