package dev.slipway.build;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cache.ActionRecord;
import dev.slipway.cache.RemoteStore;
import dev.slipway.cache.RemoteStores;
import dev.slipway.core.Digest;
import dev.slipway.testing.CacheAttacker;
import dev.slipway.testing.FaultProxy;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.NginxCacheServer;
import dev.slipway.testing.RedisServer;
import dev.slipway.testing.RegistryServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared compile cache nobody can poison, with real go and a real Redis, registry and nginx (the
 * HTTP store): a release job fills the remote; someone with write access but no trust key puts
 * another object file under one of its real action IDs; a pull-request job (read-only, no key)
 * would link it, and writes nothing; a cold release job refuses it, compiles that action again and
 * makes the same image.
 */
@Tag("integration")
class CacheTrustIntegrationTest {
  /** In the object file of {@code internal/greet}, and so in the binary; as long as each other. */
  private static final String ORIGINAL = "slipway-trust-original";

  private static final String POISONED = "slipway-trust-poisoned";

  /** Never to be seen in any output. */
  private static final String TRUST_KEY = "7c1f3e0a9b5d42e8a6c0f1b2d3e4f5a6-only-release-jobs-hold";

  private static final Pattern GO_ACTION = Pattern.compile("[0-9a-f]{64}");

  @TempDir Path dir;

  private final List<String> outputs = new ArrayList<>();

  /** What the test reads from the remote itself, around the builds. */
  private record Remote(
      String url,
      Supplier<List<String>> actionKeys,
      Supplier<Optional<String>> setKey,
      Supplier<Object> writes) {}

  @Test
  void aPoisonedRedisEntryIsRefusedByATrustedBuildAndWouldBeUsedWithoutTheKey() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      scenario(
          new Remote(
              redis.url(),
              () ->
                  redis.keys("slipway:ac:*").stream()
                      .map(k -> k.substring("slipway:ac:".length()))
                      .filter(k -> GO_ACTION.matcher(k).matches())
                      .toList(),
              Optional::empty, // Redis keeps a build's list as an ordinary entry, not a set
              () -> {
                // Every key and the digest of its value: any write shows.
                Map<String, Digest> state = new TreeMap<>();
                redis.keys("*").forEach(k -> state.put(k, Digest.sha256Of(redis.get(k))));
                return state;
              }));
    }
  }

  @Test
  void aPoisonedRegistryEntryIsRefusedByATrustedBuildAndWouldBeUsedWithoutTheKey()
      throws Exception {
    try (RegistryServer registry = RegistryServer.start()) {
      String repo = "cache/trust";
      scenario(
          new Remote(
              "oci://" + registry.host() + "/" + repo,
              () ->
                  registry.tags(repo).stream()
                      .filter(t -> t.startsWith("ac-"))
                      .map(t -> t.substring(3))
                      .filter(k -> GO_ACTION.matcher(k).matches())
                      .toList(),
              () ->
                  registry.tags(repo).stream()
                      .filter(t -> t.startsWith("set-"))
                      .map(t -> t.substring(4))
                      .findFirst(),
              () -> {
                // Every request that could change the registry, and the tags.
                List<Object> state = new ArrayList<>(registry.tags(repo));
                for (FaultProxy.Exchange e : registry.requests()) {
                  if (!Set.of("GET", "HEAD").contains(e.method())) {
                    state.add(e);
                  }
                }
                return state;
              }));
    }
  }

  @Test
  void aPoisonedHttpCacheEntryIsRefusedByATrustedBuildAndWouldBeUsedWithoutTheKey()
      throws Exception {
    try (NginxCacheServer nginx = NginxCacheServer.start()) {
      Path stored = nginx.root().resolve("slipway");
      scenario(
          new Remote(
              nginx.url("/slipway"),
              () -> {
                try (Stream<Path> files = Files.list(stored.resolve("ac"))) {
                  return files
                      .map(f -> f.getFileName().toString())
                      .filter(k -> GO_ACTION.matcher(k).matches())
                      .toList();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              },
              Optional::empty, // the HTTP store keeps a build's list as an ordinary entry
              () -> {
                // Every file nginx holds and the digest of its content: any write shows.
                Map<String, Digest> state = new TreeMap<>();
                try (Stream<Path> files = Files.walk(nginx.root())) {
                  for (Path f : files.filter(Files::isRegularFile).toList()) {
                    state.put(nginx.root().relativize(f).toString(), Digest.sha256Of(f));
                  }
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
                return state;
              }));
    }
  }

  private void scenario(Remote remote) throws Exception {
    Path module = module();

    // A release job fills the shared cache: every record it writes carries its tag.
    Slipway.Run first = build("release-1", true, module, remote.url());
    assertThat(actions(first).path("misses").asInt()).isPositive();
    assertThat(actions(first).path("verified").asBoolean()).isTrue();
    assertThat(actions(first).path("writer").asText()).isEqualTo("release");
    assertThat(actions(first).path("remotes").path(remote.url()).path("writes").asInt())
        .isPositive();

    // Someone with write access and no key: under the real action ID of internal/greet, an object
    // file with other bytes (which go links as it is) and a matching record.
    String key = greetAction(remote);
    ActionRecord genuine = record(remote.url(), key);
    assertThat(genuine.writer()).isEqualTo("release");
    CacheAttacker.overwrite(
        remote.url(),
        key,
        poisoned(remote.url(), genuine),
        remote.setKey().get(),
        dir.resolve("attacker"));

    // A pull-request job: no key, the remote read-only, a change of its own to main.go (go
    // compiles it, so a writable remote would be written). It links the poisoned object: the
    // test can fail. It writes nothing.
    Object before = remote.writes().get();
    GoModules.write(module.resolve("cmd/svc/main.go"), main("pull request"));
    checkedOut(module);
    Slipway.Run pr = build("pull-request", false, module, remote.url() + "?mode=ro");
    assertThat(binaryHas(dir.resolve("pull-request/oci"), POISONED)).isTrue();
    assertThat(actions(pr).path("misses").asInt()).isPositive();
    assertThat(actions(pr).path("verified").asBoolean()).isFalse();
    JsonNode readOnly = actions(pr).path("remotes").path(remote.url());
    assertThat(readOnly.path("readOnly").asBoolean()).isTrue();
    assertThat(readOnly.path("writes").asInt()).isZero();
    assertThat(readOnly.path("writers").path("untagged").asInt()).isEqualTo(1);
    assertThat(readOnly.path("writers").path("release").asInt()).isPositive();
    assertThat(remote.writes().get()).isEqualTo(before);

    // A cold release job: refuses the record, compiles greet again, and makes the same image.
    GoModules.write(module.resolve("cmd/svc/main.go"), main("release"));
    checkedOut(module);
    Slipway.Run again = build("release-2", true, module, remote.url());
    assertThat(again.digest(0)).isEqualTo(first.digest(0));
    assertThat(binaryHas(dir.resolve("release-2/oci"), POISONED)).isFalse();
    JsonNode trusted = actions(again);
    assertThat(trusted.path("untrusted").asInt()).isEqualTo(1);
    assertThat(trusted.path("misses").asInt()).isPositive();
    assertThat(trusted.path("writers").has("untagged")).isFalse();
    assertThat(trusted.path("writers").path("release").asInt()).isPositive();
    assertThat(again.err().lines().filter(l -> l.contains("trust tag")))
        .singleElement()
        .asString()
        .contains(remote.url());
    // Its tagged record of that action replaced the poisoned one.
    ActionRecord repaired = record(remote.url(), key);
    assertThat(repaired.blob()).isEqualTo(genuine.blob());
    assertThat(repaired.writer()).isEqualTo("release");

    // explain keeps the lineage: from the build record, as text and JSON.
    Slipway release2 = slipway("release-2", true);
    Slipway.Run text = release2.run("explain").ok();
    outputs.add(text.out() + text.err());
    assertThat(text.out())
        .contains("actions by writer: release ")
        .contains("(verified with the trust key)")
        .contains("untrusted action records ignored: 1");
    Slipway.Run json = release2.run("explain", "--json").ok();
    outputs.add(json.out() + json.err());
    assertThat(
            new ObjectMapper().readTree(json.out()).path("actionSources").path("untrusted").asInt())
        .isEqualTo(1);

    // The key appeared nowhere: not in any output, summary or build record.
    for (String name : List.of("release-1", "pull-request", "release-2")) {
      outputs.add(Files.readString(dir.resolve(name + ".json")));
      try (Stream<Path> files = Files.walk(dir.resolve(name + "/cache/records"))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          outputs.add(Files.readString(f));
        }
      }
    }
    assertThat(outputs).isNotEmpty().allSatisfy(o -> assertThat(o).doesNotContain(TRUST_KEY));
  }

  /** The one action whose body is greet's object file (the only archive holding ORIGINAL). */
  private String greetAction(Remote remote) throws IOException {
    List<String> found = new ArrayList<>();
    try (RemoteStore store = RemoteStores.parse(remote.url(), Map.of())) {
      for (String key : remote.actionKeys().get()) {
        Optional<byte[]> bytes = store.getAction(key);
        if (bytes.isEmpty()) {
          continue;
        }
        Path body = dir.resolve("scan").resolve(key);
        Files.createDirectories(body.getParent());
        if (store.getBlob(ActionRecord.parse(bytes.get()).blob(), body)) {
          String text = Files.readString(body, ISO_8859_1);
          if (text.startsWith("!<arch>\n") && text.contains(ORIGINAL)) {
            found.add(key);
          }
        }
      }
    }
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  /** greet's object file with every ORIGINAL replaced: the same length, another binary. */
  private byte[] poisoned(String url, ActionRecord genuine) throws IOException {
    Path body = dir.resolve("genuine");
    try (RemoteStore store = RemoteStores.parse(url, Map.of())) {
      assertThat(store.getBlob(genuine.blob(), body)).isTrue();
    }
    String text = Files.readString(body, ISO_8859_1);
    return text.replace(ORIGINAL, POISONED).getBytes(ISO_8859_1);
  }

  private static ActionRecord record(String url, String key) throws IOException {
    try (RemoteStore store = RemoteStores.parse(url, Map.of())) {
      return ActionRecord.parse(store.getAction(key).orElseThrow());
    }
  }

  /** Whether some layer of the image in {@code layout} holds {@code text}. */
  private static boolean binaryHas(Path layout, String text) throws IOException {
    try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
      for (Path blob : blobs.toList()) {
        byte[] bytes = Files.readAllBytes(blob);
        if (bytes.length < 2 || bytes[0] != (byte) 0x1f || bytes[1] != (byte) 0x8b) {
          continue; // not a gzip layer
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(blob))) {
          in.transferTo(out);
        }
        if (out.toString(ISO_8859_1).contains(text)) { // one char a byte: binary survives
          return true;
        }
      }
    }
    return false;
  }

  private Slipway slipway(String name, boolean trusted) {
    Slipway slipway = new Slipway(dir.resolve(name + "/cache"));
    if (trusted) {
      slipway.env("SLIPWAY_CACHE_TRUST_KEY", TRUST_KEY).env("SLIPWAY_CACHE_WRITER", "release");
    }
    return slipway;
  }

  /** A build on a fresh runner: a cache directory of its own, sharing only the remote. */
  private Slipway.Run build(String name, boolean trusted, Path module, String url) {
    Slipway.Run run =
        slipway(name, trusted)
            .build(
                dir.resolve(name + ".json"),
                "-C",
                module.toString(),
                "--oci-layout",
                dir.resolve(name + "/oci").toString(),
                "--cache",
                url,
                "./cmd/svc");
    outputs.add(run.out() + run.err());
    return run.ok();
  }

  private static JsonNode actions(Slipway.Run run) {
    return run.summary().path("cache").path("actions");
  }

  /** A module whose only main package prints a string that lives in another package's data. */
  private Path module() throws IOException {
    Path module = dir.resolve("svc");
    GoModules.write(module.resolve("go.mod"), "module example.com/trust\n\ngo 1.24\n");
    GoModules.write(
        module.resolve("internal/greet/greet.go"),
        "package greet\n\n// Greeting is a variable, so its bytes stay in this package's object"
            + " file.\nvar Greeting = \""
            + ORIGINAL
            + "\"\n");
    GoModules.write(module.resolve("cmd/svc/main.go"), main("release"));
    checkedOut(module);
    return module;
  }

  private static String main(String who) {
    return "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/trust/internal/greet\"\n)\n\n"
        + "func main() {\n\tfmt.Println(\""
        + who
        + ":\", greet.Greeting)\n}\n";
  }

  /**
   * Sources as old as a checkout's: go stores less for a file changed in the last two seconds, and
   * every runner here must look up the same actions.
   */
  private static void checkedOut(Path module) throws IOException {
    FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    try (Stream<Path> files = Files.walk(module)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(f, hourAgo);
      }
    }
  }
}
