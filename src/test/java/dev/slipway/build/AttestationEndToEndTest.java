package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.BlobSource;
import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.registry.RegistryClient;
import dev.slipway.registry.RegistryOptions;
import dev.slipway.testing.Git;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.GoShop;
import dev.slipway.testing.GoTestTools;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.OciLayouts;
import dev.slipway.testing.OlaregServer;
import dev.slipway.testing.RedisServer;
import dev.slipway.testing.RegistryServer;
import dev.slipway.testing.SigningKeys;
import dev.slipway.testing.TestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --provenance} and {@code --sign-key}, checked by the consumers that matter: the real
 * cosign verifies the signatures and attestations Slipway pushes, through a registry with the OCI
 * 1.1 referrers API (olareg) and through the fallback tag of one without it (docker-registry 2.8),
 * and refuses them with another key or once tampered with.
 */
@Tag("integration")
class AttestationEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PLATFORMS = "linux/amd64,linux/arm64";
  private static final String ORIGIN = "https://example.com/team/shop.git";

  @TempDir Path tmp;

  @Test
  void cosignVerifiesTheSignatureAndEveryAttestationThroughTheReferrersApi() throws Exception {
    GoShop shop = GoShop.write(tmp.resolve("shop"));
    String commit = commit(shop);
    Path key = key("key.pem");
    Path pub = publicKey(key);
    try (OlaregServer registry = OlaregServer.start()) {
      String repo = registry.host() + "/team/checkout";
      Slipway slipway =
          slipway(shop)
              .env("SLIPWAY_BUILDER_ID", "https://ci.example.com/runners/linux")
              .env("CI_JOB_URL", "https://ci.example.com/team/shop/-/jobs/42");
      Slipway.Run run =
          slipway
              .build(
                  tmp.resolve("s.json"),
                  "-C",
                  shop.dir().toString(),
                  "--push",
                  repo + ":v1",
                  "--platform",
                  PLATFORMS,
                  "--sbom",
                  "spdx",
                  "--provenance",
                  "--sign-key",
                  key.toString(),
                  "./cmd/checkout")
              .ok();
      String index = run.digest(0);
      // What is attached never changes the image: an unsigned build makes the same digest.
      assertThat(
              slipway
                  .build(
                      tmp.resolve("plain.json"),
                      "-C",
                      shop.dir().toString(),
                      "--oci-layout",
                      tmp.resolve("plain").toString(),
                      "--platform",
                      PLATFORMS,
                      "./cmd/checkout")
                  .ok()
                  .digest(0))
          .isEqualTo(index);

      assertVerifies("verify", "--key", pub.toString(), repo + ":v1");
      JsonNode platforms =
          JSON.readTree(ImageTools.inspect("docker://" + repo + "@" + index, "--raw"))
              .path("manifests");
      String arm64 = platforms.path(1).path("digest").asText();
      assertVerifies("verify", "--key", pub.toString(), repo + "@" + arm64);
      assertVerifies(
          "verify-attestation", "--key", pub.toString(), "--type", "spdxjson", repo + "@" + arm64);

      TestEnvironment.Result attestation =
          assertVerifies(
              "verify-attestation",
              "--key",
              pub.toString(),
              "--type",
              "slsaprovenance1",
              repo + "@" + index);
      JsonNode statement = statement(attestation.output());
      List<String> subjects = new ArrayList<>();
      statement
          .path("subject")
          .forEach(s -> subjects.add("sha256:" + s.path("digest").path("sha256").asText()));
      assertThat(subjects).containsExactly(index, platforms.path(0).path("digest").asText(), arm64);
      JsonNode predicate = statement.path("predicate");
      JsonNode definition = predicate.path("buildDefinition");
      assertThat(definition.path("externalParameters").path("platforms").toString())
          .isEqualTo("[\"linux/amd64\",\"linux/arm64\"]");
      Map<String, JsonNode> deps = new java.util.HashMap<>();
      definition.path("resolvedDependencies").forEach(d -> deps.put(d.path("uri").asText(), d));
      assertThat(
              deps.get("pkg:golang/golang.org/x/sync@v0.10.0")
                  .path("digest")
                  .path("dirHash")
                  .asText())
          .isEqualTo(h1Hex(shop.dir().resolve("go.sum"), "golang.org/x/sync v0.10.0 "));
      assertThat(deps.get("git+" + ORIGIN + "@" + commit).path("digest").path("gitCommit").asText())
          .isEqualTo(commit);
      Path go = realGo();
      JsonNode toolchain =
          deps.values().stream()
              .filter(d -> d.path("name").asText().equals("go"))
              .findFirst()
              .orElseThrow();
      assertThat(toolchain.path("digest").path("sha256").asText())
          .isEqualTo(Digest.sha256Of(go).hex());
      JsonNode details = predicate.path("runDetails");
      assertThat(details.path("builder").path("id").asText())
          .isEqualTo("https://ci.example.com/runners/linux");
      assertThat(details.path("metadata").path("invocationId").asText())
          .isEqualTo("https://ci.example.com/team/shop/-/jobs/42");
      assertThat(details.path("byproducts").path(0).path("name").asText())
          .isEqualTo("cache-lineage");

      // Another key is refused.
      TestEnvironment.Result other =
          cosign("verify", "--key", publicKey(key("other.pem")).toString(), repo + ":v1");
      assertThat(other.code()).as(other.output()).isNotZero();
      // The registry indexed them itself: the referrers API lists them, and no fallback tag exists.
      JsonNode referrers =
          JSON.readTree(get("http://" + registry.host() + "/v2/team/checkout/referrers/" + index));
      List<String> types = new ArrayList<>();
      referrers
          .path("manifests")
          .forEach(
              m ->
                  types.add(
                      m.path("annotations").path("dev.sigstore.bundle.predicateType").asText()));
      assertThat(types)
          .containsExactlyInAnyOrder(
              "https://slsa.dev/provenance/v1", "https://sigstore.dev/cosign/sign/v1");
      assertThat(get("http://" + registry.host() + "/v2/team/checkout/tags/list"))
          .doesNotContain("sha256-");
    }
  }

  @Test
  void withoutTheApiCosignFindsThemUnderTheFallbackTagAndATamperedSignatureFails()
      throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "api");
    Path key = key("key.pem");
    Path pub = publicKey(key);
    try (RegistryServer registry = RegistryServer.start()) {
      String repo = registry.host() + "/e2e/signed";
      String digest =
          new Slipway(tmp.resolve("cache"))
              .build(
                  tmp.resolve("s.json"),
                  "-C",
                  module.toString(),
                  "--push",
                  repo + ":v1",
                  "--sign-key",
                  key.toString(),
                  "./cmd/api")
              .ok()
              .digest(0);
      assertVerifies("verify", "--key", pub.toString(), repo + ":v1");

      // An attacker with push rights swaps the signature for one whose claim names another image.
      ImageReference ref = ImageReference.parse(repo);
      ImageReference fallback = ref.withTag(digest.replace(':', '-'));
      try (RegistryClient client =
          RegistryClient.create(RegistryOptions.defaults(System.getenv()))) {
        JsonNode list = JSON.readTree(client.getManifest(fallback).bytes());
        JsonNode entry = list.path("manifests").path(0);
        ImageReference artifactRef = ref.withDigest(Digest.parse(entry.path("digest").asText()));
        ObjectNode artifact = (ObjectNode) JSON.readTree(client.getManifest(artifactRef).bytes());
        Path bundleFile = tmp.resolve("bundle.json");
        Digest bundleDigest = Digest.parse(artifact.path("layers").path(0).path("digest").asText());
        client.downloadBlob(ref, bundleDigest, bundleFile);
        ObjectNode bundle = (ObjectNode) JSON.readTree(bundleFile.toFile());
        ObjectNode envelope = (ObjectNode) bundle.path("dsseEnvelope");
        String payload =
            new String(
                Base64.getDecoder().decode(envelope.path("payload").asText()),
                StandardCharsets.UTF_8);
        String forged = payload.replace(digest.substring(7), "0".repeat(64));
        assertThat(forged).isNotEqualTo(payload);
        envelope.put(
            "payload", Base64.getEncoder().encodeToString(forged.getBytes(StandardCharsets.UTF_8)));
        byte[] tampered = JSON.writeValueAsBytes(bundle);
        BlobSource blob = BlobSource.ofBytes(tampered);
        client.pushBlob(ref, blob, Optional.empty());
        ObjectNode layer = (ObjectNode) artifact.path("layers").path(0);
        layer.put("digest", blob.digest().toString());
        layer.put("size", tampered.length);
        byte[] manifest = JSON.writeValueAsBytes(artifact);
        Digest forgedManifest =
            client.putManifest(
                ref.withDigest(Digest.sha256Of(manifest)),
                manifest,
                "application/vnd.oci.image.manifest.v1+json");
        ObjectNode forgedEntry = ((ObjectNode) entry).deepCopy();
        forgedEntry.put("digest", forgedManifest.toString());
        forgedEntry.put("size", manifest.length);
        ObjectNode forgedList = ((ObjectNode) list).deepCopy();
        ArrayNode manifests = forgedList.putArray("manifests");
        manifests.add(forgedEntry);
        client.putManifest(
            fallback,
            JSON.writeValueAsBytes(forgedList),
            "application/vnd.oci.image.index.v1+json");
      }
      TestEnvironment.Result forged = cosign("verify", "--key", pub.toString(), repo + ":v1");
      assertThat(forged.code()).as(forged.output()).isNotZero();
    }
  }

  @Test
  void unsignedProvenanceInALayoutIsAnInTotoReferrerAndChangingTheKeyIsNotANoOp() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "api");
    Slipway slipway = new Slipway(tmp.resolve("cache"));
    Path layout = tmp.resolve("oci");
    String digest =
        slipway
            .build(
                tmp.resolve("a.json"),
                "-C",
                module.toString(),
                "--oci-layout",
                layout.toString(),
                "--provenance",
                "./cmd/api")
            .ok()
            .digest(0);
    List<JsonNode> referrers = OciLayouts.referrers(layout);
    assertThat(referrers).hasSize(1);
    JsonNode r = referrers.get(0);
    assertThat(r.path("artifactType").asText()).isEqualTo("application/vnd.in-toto+json");
    assertThat(r.path("subject").path("digest").asText()).isEqualTo(digest);
    JsonNode statement = OciLayouts.json(layout, r.path("layers").path(0).path("digest").asText());
    assertThat(statement.path("predicateType").asText())
        .isEqualTo("https://slsa.dev/provenance/v1");
    assertThat("sha256:" + statement.path("subject").path(0).path("digest").path("sha256").asText())
        .isEqualTo(digest);
    // No git here: no source, and no path of this machine instead.
    assertThat(statement.toString()).doesNotContain(tmp.toString()).doesNotContain("gitCommit");
    // The layout, referrers and all, is still an image umoci unpacks by its tag.
    assertThat(ImageTools.unpack(layout, "api", tmp.resolve("bundle")).resolve("app/api"))
        .isRegularFile();

    Slipway.Run again =
        slipway.build(
            tmp.resolve("b.json"),
            "-C",
            module.toString(),
            "--oci-layout",
            layout.toString(),
            "--provenance",
            "./cmd/api");
    assertThat(again.ok().summary().path("cache").path("fastPath").asBoolean()).isTrue();
    Slipway.Run signed =
        slipway.build(
            tmp.resolve("c.json"),
            "-C",
            module.toString(),
            "--oci-layout",
            layout.toString(),
            "--provenance",
            "--sign-key",
            key("key.pem").toString(),
            "./cmd/api");
    assertThat(signed.ok().summary().path("cache").path("fastPath").asBoolean()).isFalse();
    assertThat(signed.digest(0)).isEqualTo(digest);
  }

  @Test
  void theCacheLineageNamesTheVerifiedWriterOfTheActionsARemoteServed() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "api");
    try (RedisServer redis = RedisServer.start()) {
      String key = "0123456789abcdef0123456789abcdef";
      new Slipway(tmp.resolve("release-cache"))
          .env("SLIPWAY_CACHE_TRUST_KEY", key)
          .env("SLIPWAY_CACHE_WRITER", "release")
          .build(
              tmp.resolve("r.json"), "-C", module.toString(), "--cache", redis.url(), "./cmd/api")
          .ok();
      // A fresh runner, trusting the same key: its actions come from the release job's records.
      Path layout = tmp.resolve("oci");
      new Slipway(tmp.resolve("fresh-cache"))
          .env("SLIPWAY_CACHE_TRUST_KEY", key)
          .env("SLIPWAY_CACHE_WRITER", "main")
          .build(
              tmp.resolve("f.json"),
              "-C",
              module.toString(),
              "--cache",
              redis.url(),
              "--oci-layout",
              layout.toString(),
              "--provenance",
              "./cmd/api")
          .ok();
      JsonNode statement =
          OciLayouts.json(
              layout,
              OciLayouts.referrers(layout).get(0).path("layers").path(0).path("digest").asText());
      JsonNode lineage = statement.path("predicate").path("runDetails").path("byproducts").path(0);
      assertThat(lineage.path("name").asText()).isEqualTo("cache-lineage");
      JsonNode counts = lineage.path("annotations");
      assertThat(counts.path("writersVerified").asBoolean()).isTrue();
      JsonNode remote = counts.path("remotes").elements().next();
      assertThat(remote.path("writers").path("release").asLong()).isPositive();
      assertThat(remote.path("writers").has("untagged")).isFalse();
      assertThat(remote.path("untrusted").asLong()).isZero();
      assertThat(statement.toString()).doesNotContain(key);
    }
  }

  @Test
  void aKeyThatCannotSignIsBadInputNamingTheFlagAndNothingIsWritten() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "api");
    Slipway slipway = new Slipway(tmp.resolve("cache"));
    Path layout = tmp.resolve("oci");
    Path garbage = Files.writeString(tmp.resolve("garbage.pem"), "not a key\n");
    Path rsa = tmp.resolve("rsa.pem");
    openssl(
        "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", rsa.toString());
    Path encrypted = tmp.resolve("encrypted.pem");
    openssl(
        "pkcs8",
        "-topk8",
        "-in",
        key("plain.pem").toString(),
        "-out",
        encrypted.toString(),
        "-passout",
        "pass:s3cret-Passphrase");
    for (List<String> c :
        List.of(
            List.of(tmp.resolve("missing.pem").toString(), "no such file"),
            List.of(garbage.toString(), "no PEM private key in it"),
            List.of(rsa.toString(), "an ECDSA P-256 key is needed"),
            List.of(encrypted.toString(), "set SLIPWAY_SIGN_KEY_PASSWORD"))) {
      Slipway.Run run =
          slipway.run(
              "build",
              "-C",
              module.toString(),
              "--oci-layout",
              layout.toString(),
              "--sign-key",
              c.get(0),
              "./cmd/api");
      assertThat(run.code()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).contains("--sign-key " + c.get(0)).contains(c.get(1));
      assertThat(layout).doesNotExist();
    }
    Slipway.Run wrong =
        slipway
            .env("SLIPWAY_SIGN_KEY_PASSWORD", "not-the-Passphrase")
            .run(
                "build",
                "-C",
                module.toString(),
                "--oci-layout",
                layout.toString(),
                "--sign-key",
                encrypted.toString(),
                "./cmd/api");
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.err()).contains("cannot decrypt").doesNotContain("not-the-Passphrase");
    assertThat(layout).doesNotExist();
    Slipway.Run right =
        slipway
            .env("SLIPWAY_SIGN_KEY_PASSWORD", "s3cret-Passphrase")
            .build(
                tmp.resolve("ok.json"),
                "-C",
                module.toString(),
                "--oci-layout",
                layout.toString(),
                "--sign-key",
                encrypted.toString(),
                "./cmd/api");
    assertThat(right.ok().out() + right.err()).doesNotContain("s3cret-Passphrase");
    assertThat(OciLayouts.referrers(layout)).hasSize(1);
  }

  private Slipway slipway(GoShop shop) {
    return new Slipway(tmp.resolve("cache"))
        .env("GOPROXY", shop.env().get("GOPROXY"))
        .env("GOFLAGS", "-modcacherw");
  }

  /** The repository as a git checkout with one commit and an origin; the commit's id. */
  private String commit(GoShop shop) {
    Path repo = shop.dir().getParent();
    String commit = Git.init(repo, tmp.resolve("git-env"));
    Git.run(repo, tmp.resolve("git-env"), "remote", "add", "origin", ORIGIN);
    return commit;
  }

  private Path key(String name) {
    return SigningKeys.generate(tmp, name).key();
  }

  private Path publicKey(Path key) {
    return key.resolveSibling(key.getFileName() + ".pub");
  }

  private void openssl(String... args) {
    SigningKeys.openssl(tmp, args);
  }

  private TestEnvironment.Result cosign(String command, String... args) {
    List<String> all =
        new ArrayList<>(List.of(command, "--insecure-ignore-tlog", "--allow-http-registry"));
    all.addAll(List.of(args));
    try {
      return GoTestTools.cosign(
          Files.createDirectories(tmp.resolve("cosign-home")), all.toArray(String[]::new));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private TestEnvironment.Result assertVerifies(String command, String... args) {
    TestEnvironment.Result r = cosign(command, args);
    assertThat(r.code()).as(r.output()).isZero();
    return r;
  }

  /** The in-toto statement of the first DSSE envelope cosign printed. */
  private static JsonNode statement(String output) throws Exception {
    for (String line : output.split("\n")) {
      if (line.startsWith("{\"payload")) {
        String payload = JSON.readTree(line).path("payload").asText();
        return JSON.readTree(Base64.getDecoder().decode(payload));
      }
    }
    throw new AssertionError("cosign printed no envelope:\n" + output);
  }

  /** The SHA-256 inside go.sum's {@code h1:} for the line starting with {@code prefix}, hex. */
  private static String h1Hex(Path goSum, String prefix) throws Exception {
    for (String line : Files.readAllLines(goSum)) {
      if (line.startsWith(prefix + "h1:")) {
        return HexFormat.of()
            .formatHex(Base64.getDecoder().decode(line.substring(prefix.length() + 3)));
      }
    }
    throw new AssertionError("no " + prefix + " in " + goSum);
  }

  /** The go binary the build ran, found on PATH as a shell finds it. */
  private static Path realGo() throws Exception {
    for (String dir : System.getenv("PATH").split(":")) {
      Path go = Path.of(dir, "go");
      if (Files.isExecutable(go) && !Files.isDirectory(go)) {
        return go.toRealPath();
      }
    }
    throw new AssertionError("no go on PATH");
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "application/vnd.oci.image.index.v1+json")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }
}
