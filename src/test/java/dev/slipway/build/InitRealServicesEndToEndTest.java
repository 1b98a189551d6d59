package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.OciLayouts;
import dev.slipway.testing.PublicModules;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A repository shaped like a real microservice demo ({@link Boutique}): two Go modules with their
 * own Dockerfiles, both depending on the real gRPC from the public module proxy. {@code slipway
 * init} translates both Dockerfiles, {@code slipway build} builds both modules, fetching their
 * modules upstream, and the two images, started as their configs say, talk gRPC to each other.
 */
@Tag("integration")
class InitRealServicesEndToEndTest {
  @TempDir Path tmp;

  @Test
  void initThenBuildGivesTwoServicesThatStartAndTalkGrpcAsTheirDockerfilesSay() throws Exception {
    int catalogPort = ShopService.freePort();
    int frontendPort = ShopService.freePort();
    Path repo = Boutique.write(tmp.resolve("boutique"), catalogPort, frontendPort);
    String goproxy = PublicModules.goproxy(Files.createDirectories(tmp.resolve("go-env-home")));
    Boutique.tidy(repo, goproxy, tmp.resolve("tidy"));
    Slipway slipway = new Slipway(tmp.resolve("cache")).env("GOPROXY", goproxy);

    Slipway.Run init = slipway.run("init", "-C", repo.toString());
    assertThat(init.code()).as(init.err()).isZero();
    assertThat(init.err())
        .contains("wrote slipway.yaml: 2 target(s) from 2 Dockerfile(s)")
        .contains(
            "src/productcatalog/Dockerfile:19: translated: ENTRYPOINT runs the binary at"
                + " /app/server; Slipway's image runs it as /app/productcatalog")
        .contains(
            "src/frontend/Dockerfile:29: translated: ENTRYPOINT runs the binary at /src/server;"
                + " Slipway's image runs it as /app/frontend")
        .contains(
            "src/frontend/Dockerfile:28: translated: USER frontend is created by the RUN at line"
                + " 4, which Slipway does not run: the image runs as its ids, 10001:10001")
        .doesNotContain("not translated");
    Map<String, Object> targets = targets(repo.resolve("slipway.yaml"));
    assertThat(targets).containsOnlyKeys("productcatalog", "frontend");
    assertThat(targets.get("productcatalog"))
        .isEqualTo(
            Map.of(
                "main", "./src/productcatalog",
                "build",
                    Map.of(
                        "env", Map.of("CGO_ENABLED", "0"),
                        "flags", List.of("-trimpath"),
                        "ldflags", List.of("-s", "-w")),
                "files",
                    List.of(
                        Map.of(
                            "from",
                            "src/productcatalog/products.json",
                            "to",
                            "/app/products.json")),
                "workdir", "/app",
                "env", Map.of("LISTEN_ADDR", "127.0.0.1", "PORT", String.valueOf(catalogPort)),
                "user", "nonroot:nonroot",
                "ports", List.of(String.valueOf(catalogPort))));
    assertThat(targets.get("frontend"))
        .isEqualTo(
            Map.of(
                "main", "./src/frontend/cmd/frontend",
                "build", Map.of("env", Map.of("CGO_ENABLED", "0")),
                "files",
                    List.of(
                        Map.of("from", "src/frontend/templates", "to", "/src/templates"),
                        Map.of("from", "src/frontend/static", "to", "/src/static")),
                "workdir", "/src",
                "env",
                    Map.of(
                        "LISTEN_ADDR",
                        "127.0.0.1",
                        "PORT",
                        String.valueOf(frontendPort),
                        "PRODUCT_CATALOG_SERVICE_ADDR",
                        "127.0.0.1:" + catalogPort),
                "user", "10001:10001",
                "ports", List.of(String.valueOf(frontendPort))));

    Path layout = tmp.resolve("oci");
    Slipway.Run build =
        slipway.build(
            tmp.resolve("build.json"), "-C", repo.toString(), "--oci-layout", layout.toString());
    build.ok();
    assertThat(servedUpstream(build.summary())).contains("google.golang.org/grpc@v1.85.0");
    JsonNode catalogConfig = OciLayouts.config(layout, "productcatalog").path("config");
    assertThat(catalogConfig.path("Entrypoint").toString()).isEqualTo("[\"/app/productcatalog\"]");
    assertThat(catalogConfig.path("User").asText()).isEqualTo("nonroot:nonroot");
    JsonNode frontendConfig = OciLayouts.config(layout, "frontend").path("config");
    assertThat(frontendConfig.path("Entrypoint").toString()).isEqualTo("[\"/app/frontend\"]");
    assertThat(frontendConfig.path("ExposedPorts").has(frontendPort + "/tcp")).isTrue();

    ImageTools.unpack(layout, "productcatalog", tmp.resolve("catalog-bundle"));
    ImageTools.unpack(layout, "frontend", tmp.resolve("frontend-bundle"));
    List<Service> started = new ArrayList<>();
    try {
      started.add(Service.start(tmp, "catalog"));
      started.add(Service.start(tmp, "frontend"));
      String home = homeOnceCatalogServes(frontendPort, started);
      assertThat(home)
          .contains("<h1>Online Boutique</h1>")
          .contains("<p id=\"catalog\">product catalog: SERVING</p>")
          .contains("This website is hosted for demo purposes only.");
      assertThat(get(frontendPort, "/static/styles.css").body()).contains("#6c757d");
      assertThat(Files.readString(tmp.resolve("catalog.log"))).contains("loaded 3 products");
      assertThat(uid(started.get(0).process())).as("catalog uid").isEqualTo("65532");
      assertThat(uid(started.get(1).process())).as("frontend uid").isEqualTo("10001");
    } finally {
      for (Service s : started) {
        s.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** A service started from its unpacked bundle, logging to {@code <name>.log}. */
  private record Service(String name, Process process, Path log) {
    static Service start(Path tmp, String name) {
      Path log = tmp.resolve(name + ".log");
      return new Service(
          name, ImageTools.startAsImageSays(tmp.resolve(name + "-bundle"), log), log);
    }
  }

  /**
   * The frontend's home page once it shows the catalog SERVING: the catalog answers NOT_SERVING
   * until it has loaded its products, and the frontend may be asked before either listens.
   */
  private static String homeOnceCatalogServes(int port, List<Service> services) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    String last = "(no answer)";
    while (true) {
      for (Service s : services) {
        if (!s.process().isAlive()) {
          throw new AssertionError(s.name() + " exited:\n" + logs(services));
        }
      }
      try {
        last = get(port, "/").body();
        if (last.contains("product catalog: SERVING")) {
          return last;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "the frontend never showed the catalog SERVING; last:\n"
                + last
                + "\n"
                + logs(services));
      }
      TimeUnit.MILLISECONDS.sleep(100); // polling for a condition: both services up, catalog loaded
    }
  }

  /** The real uid a process runs as; the launcher execs the service, so it is the service's. */
  private static String uid(Process p) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(p.pid()), "status"))) {
      if (line.startsWith("Uid:")) {
        return line.split("\\s+")[1];
      }
    }
    throw new AssertionError("no Uid line for process " + p.pid());
  }

  private static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static String logs(List<Service> services) throws IOException {
    StringBuilder out = new StringBuilder();
    for (Service s : services) {
      out.append("--- ").append(s.name()).append(":\n").append(Files.readString(s.log()));
    }
    return out.toString();
  }

  /** Module versions whose zip the build's proxy fetched from upstream. */
  private static List<String> servedUpstream(JsonNode summary) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : summary.path("cache").path("modulesServed")) {
      if (m.path("tier").asText().equals("upstream") && m.path("file").asText().equals("zip")) {
        out.add(m.path("module").asText());
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked") // slipway.yaml's targets: a mapping of mappings
  private static Map<String, Object> targets(Path yaml) throws IOException {
    Map<String, Object> top =
        (Map<String, Object>)
            new Load(LoadSettings.builder().build()).loadFromString(Files.readString(yaml));
    return (Map<String, Object>) top.get("targets");
  }
}
