package dev.slipway.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.Digest;
import dev.slipway.core.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageConfigTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void envReplacesBaseValuesInPlaceAndAppendsNewOnes() throws Exception {
    ImageConfig config =
        ImageConfig.extending(
            "{\"config\":{\"Env\":[\"A=1\",\"B=2\"]},\"rootfs\":{\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("B", "3");
    env.put("C", "4");
    JsonNode root = MAPPER.readTree(config.env(env).toBytes());
    assertThat(root.path("config").path("Env").toString()).isEqualTo("[\"A=1\",\"B=3\",\"C=4\"]");
  }

  @Test
  void labelsAreSortedByKey() throws Exception {
    JsonNode root =
        MAPPER.readTree(
            ImageConfig.scratch().labels(Map.of("z", "1", "a", "2", "m", "3")).toBytes());
    assertThat(root.path("config").path("Labels").toString())
        .isEqualTo("{\"a\":\"2\",\"m\":\"3\",\"z\":\"1\"}");
  }

  @Test
  void aPlatformWithoutVariantRemovesTheBasesVariant() throws Exception {
    ImageConfig config =
        ImageConfig.extending(
            "{\"variant\":\"v7\",\"rootfs\":{\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8));
    JsonNode root = MAPPER.readTree(config.platform(Platform.of("linux", "amd64")).toBytes());
    assertThat(root.has("variant")).isFalse();
    assertThat(root.path("architecture").asText()).isEqualTo("amd64");
  }

  @Test
  void diffIdsReadBackInOrder() {
    Digest a = Digest.sha256Of(new byte[] {1});
    Digest b = Digest.sha256Of(new byte[] {2});
    ImageConfig config =
        ImageConfig.scratch().addLayer(a, "one", Instant.EPOCH).addLayer(b, "two", Instant.EPOCH);
    assertThat(config.diffIds()).containsExactly(a, b);
  }

  @Test
  void aBaseConfigThatIsNotAnObjectIsRejected() {
    assertThatThrownBy(() -> ImageConfig.extending("[]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void entrypointReplacesTheBasesCmd() throws Exception {
    ImageConfig config =
        ImageConfig.extending(
            "{\"config\":{\"Cmd\":[\"sh\"]},\"rootfs\":{\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8));
    JsonNode root = MAPPER.readTree(config.entrypoint(List.of("/app/a", "--flag")).toBytes());
    assertThat(root.path("config").has("Cmd")).isFalse();
    assertThat(root.path("config").path("Entrypoint").toString())
        .isEqualTo("[\"/app/a\",\"--flag\"]");
  }
}
