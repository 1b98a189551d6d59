package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.ModuleVersion;
import dev.slipway.modules.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway explain} after the changes a user makes: an edited shared package, a changed flag,
 * a bumped module, a wiped cache. Each build runs the real go with its own build cache, so what go
 * compiled is real.
 */
@Tag("integration")
class ExplainEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ModuleVersion GREET_11 = new ModuleVersion("example.com/greet", "v1.1.0");

  @TempDir Path dir;
  private Path upstream;
  private Path shop;
  private Slipway slipway;

  @BeforeEach
  void setUp() throws Exception {
    upstream = dir.resolve("upstream");
    Fixtures.publishAll(upstream);
    Fixtures.publish(
        upstream,
        GREET_11,
        Map.of(
            "go.mod",
            "module example.com/greet\n\ngo 1.21\n\nrequire example.com/util v0.1.0\n",
            "greet.go",
            """
            package greet

            import "example.com/util"

            func Hello(n string) string { return util.Shout("hi " + n) }
            """));
    shop = dir.resolve("shop");
    Fixtures.write(shop.resolve("go.mod"), "module example.com/shop\n\ngo 1.21\n");
    // A fresh constant per run in each local package: go's build cache is shared between tests
    // (the standard library is compiled once), but this module's packages are new to it.
    String nonce = "const nonce = \"" + java.util.UUID.randomUUID() + "\"\n";
    Fixtures.write(
        shop.resolve("internal/shared/shared.go"),
        "package shared\n\nfunc Name() string { return \"shop\" }\n\n" + nonce);
    Fixtures.write(
        shop.resolve("internal/shared/util.go"),
        "package shared\n\nfunc Twice(s string) string { return s + s }\n");
    Fixtures.write(
        shop.resolve("internal/other/other.go"),
        "package other\n\nimport \"example.com/greet\"\n\n"
            + "func Greeting() string { return greet.Hello(\"other\") }\n\n"
            + nonce);
    for (String cmd : List.of("a", "b")) {
      Fixtures.write(
          shop.resolve("cmd/" + cmd + "/main.go"),
          "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/shop/internal/shared\"\n)\n\n"
              + "func main() { fmt.Println(shared.Twice(shared.Name())) }\n\n"
              + nonce);
    }
    Fixtures.write(
        shop.resolve("cmd/c/main.go"),
        "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/shop/internal/other\"\n)\n\n"
            + "func main() { fmt.Println(other.Greeting()) }\n\n"
            + nonce);
    tidy("example.com/greet@v1.0.0");
    slipway =
        new Slipway(dir.resolve("slipway"))
            .env("GOPROXY", upstream.toUri().toString())
            .env("GOSUMDB", "off")
            .env("GOMODCACHE", dir.resolve("modcache").toString());
  }

  private void tidy(String require) throws Exception {
    Map<String, String> goEnv =
        Map.of(
            "GOPROXY", upstream.toUri().toString(), "GOMODCACHE", dir.resolve("seed").toString());
    for (String[] args : List.of(new String[] {"get", require}, new String[] {"mod", "tidy"})) {
      var go = Fixtures.go(shop, goEnv, args);
      assertThat(go.exit()).as(go.output()).isZero();
    }
  }

  private Slipway.Run slipway(String... args) {
    return slipway.run(args);
  }

  private void build(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "build",
                "-C",
                shop.toString(),
                "./cmd/...",
                "--oci-layout",
                dir.resolve("oci").toString()));
    args.addAll(List.of(extra));
    Slipway.Run run = slipway(args.toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isZero();
  }

  private JsonNode explainJson() throws IOException {
    Slipway.Run run = slipway("explain", "--json");
    assertThat(run.code()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  private static List<String> packages(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.path("package").asText()));
    return out;
  }

  private static JsonNode entry(JsonNode list, String pkg) {
    for (JsonNode n : list) {
      if (n.path("package").asText().equals(pkg)) {
        return n;
      }
    }
    throw new AssertionError(pkg + " not in " + list);
  }

  @Test
  void anEditedSharedPackageIsNamedWithItsFileAndEveryRebuiltDependentMain() throws Exception {
    build();
    JsonNode first = explainJson();
    assertThat(first.path("previous").asText()).isEmpty();
    assertThat(packages(first.path("cold")))
        .contains("example.com/shop/internal/shared", "example.com/shop/cmd/a");
    assertThat(first.path("changed")).isEmpty();

    // A new exported function changes shared's export data, so every importer recompiles.
    Fixtures.write(
        shop.resolve("internal/shared/util.go"),
        """
        package shared

        func Twice(s string) string { return s + s }

        func Thrice(s string) string { return s + s + s }
        """);
    build();
    JsonNode second = explainJson();
    assertThat(second.path("previous").asText()).isEqualTo(first.path("id").asText());
    assertThat(packages(second.path("changed")))
        .containsExactly("example.com/shop/internal/shared");
    JsonNode shared = entry(second.path("changed"), "example.com/shop/internal/shared");
    assertThat(shared.path("kind").asText()).isEqualTo("source");
    assertThat(shared.path("details").toString()).contains("~util.go").doesNotContain("shared.go");
    assertThat(packages(second.path("dependents")))
        .containsExactlyInAnyOrder("example.com/shop/cmd/a", "example.com/shop/cmd/b");
    for (JsonNode d : second.path("dependents")) {
      assertThat(d.path("main").asBoolean()).isTrue();
      assertThat(d.path("details").toString()).contains("example.com/shop/internal/shared");
    }
    assertThat(second.path("cold")).isEmpty();
    // go's own timings: the compile of the edited package and the relinks of both mains
    assertThat(second.path("slowest").toString())
        .contains("compile example.com/shop/internal/shared")
        .contains("link example.com/shop/cmd/a")
        .contains("link example.com/shop/cmd/b")
        .doesNotContain("link example.com/shop/cmd/c");

    String text = slipway("explain").out();
    assertThat(text)
        .contains("example.com/shop/internal/shared: source changed: ~util.go")
        .contains("example.com/shop/cmd/a (main) <- example.com/shop/internal/shared")
        .contains("example.com/shop/cmd/b (main) <- example.com/shop/internal/shared")
        .doesNotContain("example.com/shop/cmd/c");
  }

  @Test
  void aChangedLdflagsIsNamed() throws Exception {
    build();
    build("--ldflags", "-s -w");
    JsonNode json = explainJson();
    assertThat(json.path("changes").toString()).contains("flag.ldflags").contains("-s -w");
    assertThat(json.path("changed")).isEmpty(); // a link flag compiles nothing
    assertThat(slipway("explain").out())
        .contains("flag.ldflags: (unset) -> -s -w (relinks the targets; compiles nothing)");
  }

  @Test
  void aBumpedModuleIsNamedWithOldAndNewVersions() throws Exception {
    build();
    tidy("example.com/greet@v1.1.0");
    build();
    JsonNode json = explainJson();
    assertThat(json.path("changes")).as(json.toString()).hasSize(1);
    JsonNode change = json.path("changes").get(0);
    assertThat(change.path("kind").asText()).isEqualTo("module");
    assertThat(change.path("name").asText()).isEqualTo("example.com/greet");
    assertThat(change.path("before").asText()).isEqualTo("v1.0.0");
    assertThat(change.path("after").asText()).isEqualTo("v1.1.0");
    assertThat(json.path("changes")).hasSize(1);
    // go may have v1.1.0's own package cached from an earlier run; its importers it must rebuild.
    JsonNode other = entry(json.path("dependents"), "example.com/shop/internal/other");
    assertThat(other.path("details").toString()).contains("example.com/greet");
    assertThat(packages(json.path("dependents")))
        .contains("example.com/shop/cmd/c")
        .doesNotContain("example.com/shop/cmd/a");
    JsonNode miss = json.path("moduleMisses").get(0);
    assertThat(miss.path("module").asText()).isEqualTo("example.com/greet");
    assertThat(miss.path("kind").asText()).isEqualTo("module");
    assertThat(miss.path("before").asText()).isEqualTo("v1.0.0");
    assertThat(miss.path("version").asText()).isEqualTo("v1.1.0");
    assertThat(slipway("explain").out()).contains("example.com/greet v1.0.0 -> v1.1.0");
  }

  @Test
  void afterWipingTheLocalCachesEveryRebuildIsCold() throws Exception {
    build();
    // Everything local but the build records: go's build cache, Slipway's cache, the module cache.
    slipway.env("GOCACHE", dir.resolve("wiped-gocache").toString());
    try (Stream<Path> entries = Files.list(dir.resolve("slipway"))) {
      for (Path p : entries.toList()) {
        if (!p.getFileName().toString().equals("records")) {
          deleteTree(p);
        }
      }
    }
    deleteTree(dir.resolve("modcache"));
    build();
    JsonNode json = explainJson();
    assertThat(json.path("changed")).isEmpty();
    assertThat(json.path("dependents")).isEmpty();
    assertThat(packages(json.path("cold")))
        .contains(
            "std",
            "example.com/shop/internal/shared",
            "example.com/shop/cmd/a",
            "example.com/greet");
    for (JsonNode miss : json.path("moduleMisses")) {
      assertThat(miss.path("kind").asText()).as(miss.toString()).isEqualTo("cold");
    }
    assertThat(json.path("moduleMisses")).isNotEmpty();
    assertThat(slipway("explain").out()).contains("Cold or evicted");
  }

  @Test
  void aNoOpBuildIsExplainedAsTheFastPathAndOldRecordsAreNamedByPrefix() throws Exception {
    build();
    build();
    JsonNode json = explainJson();
    assertThat(json.path("fastPath").asBoolean()).isTrue();
    Slipway.Run older = slipway("explain", "-2");
    assertThat(older.code()).isZero();
    assertThat(older.out()).contains("No earlier build of these targets");
    Slipway.Run missing = slipway("explain", "nope");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("nope: no such build record");
  }

  @Test
  void aFailedBuildIsRecordedWithGoMessages() throws Exception {
    Fixtures.write(
        shop.resolve("cmd/c/broken.go"), "package main\n\nfunc broken() { undefined() }\n");
    Slipway.Run run =
        slipway(
            "build",
            "-C",
            shop.toString(),
            "./cmd/c",
            "--oci-layout",
            dir.resolve("oci").toString());
    assertThat(run.code()).isEqualTo(1);
    JsonNode json = explainJson();
    assertThat(json.path("outcome").asText()).isEqualTo("failed");
    assertThat(json.path("error").asText()).contains("undefined: undefined");
    assertThat(slipway("explain").out()).contains("FAILED: go build failed");
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.delete(p);
      }
    }
  }
}
