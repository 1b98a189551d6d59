package dev.slipway.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoCacheLookupsTest {
  private static byte[] id(String seed) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /** cmd/go/internal/cache.Subkey, written out from its definition. */
  private static byte[] subkey(byte[] parent, String desc) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    d.update("subkey:".getBytes(StandardCharsets.UTF_8));
    d.update(parent);
    d.update(desc.getBytes(StandardCharsets.UTF_8));
    return d.digest();
  }

  @Test
  void theGraphIdIsGoSFirstFifteenBytesInUrlSafeBase64() {
    byte[] id = new byte[32];
    for (int i = 0; i < id.length; i++) {
      id[i] = (byte) (0xf8 + i);
    }
    // buildid.HashToString: 5 chunks of 3 bytes, 4 characters each, from "A-Za-z0-9-_"
    assertThat(GoAction.graphId(id)).hasSize(20).isEqualTo("-Pn6-_z9_v8AAQIDBAUG");
  }

  @Test
  void eachMissIsNamedByTheActionOrTheSubkeyItWasFor() throws Exception {
    byte[] compile = id("compile lib");
    byte[] link = id("link app");
    byte[] main = id("compile main");
    GoAction.Graph graph =
        new GoAction.Graph(
            List.of(
                new GoAction(GoAction.COMPILE, "example.com/m/lib", Instant.EPOCH, Instant.EPOCH)),
            Map.of(
                GoAction.graphId(compile), "build",
                GoAction.graphId(link), "link",
                GoAction.graphId(main), "build"));
    List<String> missed =
        List.of(
            hex(link),
            hex(compile),
            hex(subkey(main, "stdout")),
            hex(subkey(main, "link-stdout")),
            hex(subkey(compile, "srcfiles")),
            hex(id("module index")),
            hex(link)); // asked twice, missed twice: counted twice, as go counts lookups
    assertThat(
            GoCacheLookups.classify(
                missed, List.of(hex(compile), hex(link), hex(main)), List.of(graph)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                GoCacheLookups.LINK, 2,
                GoCacheLookups.COMPILE, 1,
                GoCacheLookups.COMPILE_OUTPUT, 1,
                GoCacheLookups.LINK_OUTPUT, 1,
                GoCacheLookups.SOURCE_LIST, 1,
                GoCacheLookups.OTHER, 1));
  }

  @Test
  void noMissesNoKinds() {
    assertThat(GoCacheLookups.classify(List.of(), List.of(), List.of())).isEmpty();
  }
}
