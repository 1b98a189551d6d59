package dev.slipway.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testing.GoShop;
import dev.slipway.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A binary's build information, read by Slipway from the ELF file, is what the real {@code go
 * version -m -json} reads from it: a real dependency with its go.sum hash, a local replacement, and
 * build settings that go had to quote.
 */
@Tag("integration")
class GoBuildInfoIntegrationTest {
  @TempDir Path dir;

  @Test
  void slipwayReadsWhatGoVersionMReadsForEachArchitecture() throws Exception {
    GoShop shop = GoShop.write(dir);
    Map<String, String> env = shop.env();
    for (String arch : List.of("amd64", "arm64")) {
      Path binary =
          shop.build(
              dir.resolve("checkout-" + arch),
              arch,
              "-tags",
              "netgo osusergo",
              // -trimpath keeps -ldflags out of the build information; -gcflags stays in, quoted.
              "-gcflags=example.com/shop/cmd/checkout=-l -N",
              "-ldflags=-s -w -X main.version=1.2.3");
      GoBuildInfo ours = GoBuildInfo.read(binary);
      JsonNode go = goVersionM(binary, env);

      assertThat(ours.goVersion()).isEqualTo(go.get("GoVersion").asText());
      assertThat(ours.path()).isEqualTo("example.com/shop/cmd/checkout");
      assertThat(modules(ours)).isEqualTo(modules(go));
      assertThat(ours.settings()).isEqualTo(settings(go));
      assertThat(ours.settings())
          .containsEntry("-gcflags", "example.com/shop/cmd/checkout=-l -N")
          .containsEntry("-tags", "netgo,osusergo")
          .containsEntry("GOARCH", arch);
      assertThat(ours.deps())
          .extracting(GoBuildInfo.Module::path)
          .contains("golang.org/x/sync", "example.com/platform");
      GoBuildInfo.Module sync =
          ours.deps().stream().filter(m -> m.path().equals("golang.org/x/sync")).findFirst().get();
      assertThat(sync.sum()).startsWith("h1:");
      GoBuildInfo.Module platform =
          ours.deps().stream()
              .filter(m -> m.path().equals("example.com/platform"))
              .findFirst()
              .get();
      assertThat(platform.replace()).isNotNull();
      assertThat(platform.effective().path()).isEqualTo("../platform");
    }
  }

  @Test
  void aFileWithoutGoBuildInformationIsNamedInTheError() throws Exception {
    Path text = Files.writeString(dir.resolve("script"), "#!/bin/sh\necho hi\n");
    assertThatThrownBy(() -> GoBuildInfo.read(text))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("script")
        .hasMessageContaining("no .go.buildinfo section");
  }

  private static JsonNode goVersionM(Path binary, Map<String, String> env) throws IOException {
    TestEnvironment.Result r =
        TestEnvironment.run(
            binary.getParent(), env, 60, "go", "version", "-m", "-json", binary.toString());
    assertThat(r.code()).as(r.output()).isZero();
    return new ObjectMapper().readTree(r.output());
  }

  private static List<String> modules(GoBuildInfo info) {
    List<String> out = new ArrayList<>();
    out.add(line("mod", info.main()));
    info.deps().forEach(m -> out.add(line("dep", m)));
    return out;
  }

  private static String line(String kind, GoBuildInfo.Module m) {
    String s = kind + " " + m.path() + " " + m.version() + " " + m.sum();
    return m.replace() == null ? s : s + " => " + line("", m.replace()).strip();
  }

  private static List<String> modules(JsonNode go) {
    List<String> out = new ArrayList<>();
    out.add(line("mod", go.get("Main")));
    for (JsonNode d : go.path("Deps")) {
      out.add(line("dep", d));
    }
    return out;
  }

  private static String line(String kind, JsonNode m) {
    String s =
        kind
            + " "
            + m.path("Path").asText()
            + " "
            + m.path("Version").asText()
            + " "
            + m.path("Sum").asText();
    return m.hasNonNull("Replace") ? s + " => " + line("", m.get("Replace")).strip() : s;
  }

  private static Map<String, String> settings(JsonNode go) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode s : go.path("Settings")) {
      out.put(s.get("Key").asText(), s.get("Value").asText());
    }
    return out;
  }
}
