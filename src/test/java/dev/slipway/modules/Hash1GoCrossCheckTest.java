package dev.slipway.modules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.core.ModuleVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class Hash1GoCrossCheckTest {
  @TempDir Path dir;

  @Test
  void hashesMatchWhatTheRealGoReportsForGeneratedModules() throws Exception {
    Path proxy = dir.resolve("proxy");
    Fixtures.publishAll(proxy);
    for (ModuleVersion mv : List.of(Fixtures.GREET, Fixtures.UTIL, Fixtures.WORDS)) {
      JsonNode json =
          Fixtures.download(
              dir.resolve("work"), proxy.toUri().toString(), dir.resolve("gomod"), mv);
      Path zip = Fixtures.zipIn(proxy, mv);
      byte[] mod = Files.readAllBytes(zip.resolveSibling(mv.escapedVersion() + ".mod"));

      assertThat(Hash1.ofZip(zip)).as("Sum of %s", mv).isEqualTo(json.get("Sum").asText());
      assertThat(Hash1.ofGoMod(mod))
          .as("GoModSum of %s", mv)
          .isEqualTo(json.get("GoModSum").asText());
      assertThat(ModuleZip.check(zip, mv)).isEqualTo(json.get("Sum").asText());
      assertThat(Hash1.ofZip(Path.of(json.get("Zip").asText())))
          .isEqualTo(json.get("Sum").asText());
    }
  }
}
