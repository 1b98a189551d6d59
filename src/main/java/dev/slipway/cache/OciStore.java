package dev.slipway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.BlobSource;
import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.registry.Credential;
import dev.slipway.registry.CredentialSource;
import dev.slipway.registry.RegistryClient;
import dev.slipway.registry.RegistryOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Any OCI registry as a cache: bodies are blobs of the repository, and each action record is the
 * tag {@code ac-<key>} on a small OCI manifest whose one layer is the body. docs/cache-oci.md says
 * why.
 */
public final class OciStore implements RemoteStore {
  static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String ARTIFACT_TYPE = "application/vnd.slipway.action.v1";
  static final String BODY_TYPE = "application/vnd.slipway.action.body.v1";
  static final String EMPTY_TYPE = "application/vnd.oci.empty.v1+json";
  static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);
  static final String OUTPUT = "dev.slipway.action.output";
  static final String TIME = "dev.slipway.action.time";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryClient client;
  private final ImageReference repo;
  private final AtomicBoolean configPushed = new AtomicBoolean();

  public OciStore(RegistryClient client, ImageReference repo) {
    this.client = client;
    this.repo = repo;
  }

  static OciStore open(URI uri, Map<String, String> env) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/+", "");
    if (path.isEmpty()) {
      throw new IllegalArgumentException("name a repository, for example oci://host/cache");
    }
    boolean insecure = false;
    for (Map.Entry<String, String> param : CacheUrls.query(uri).entrySet()) {
      if (!param.getKey().equals("insecure")) {
        throw new IllegalArgumentException(
            "unknown parameter '" + param.getKey() + "' (use insecure=true)");
      }
      insecure = Boolean.parseBoolean(param.getValue());
    }
    String host = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    ImageReference repo = ImageReference.parse(host + "/" + path);
    RegistryOptions options = RegistryOptions.defaults().withRetries(2, Duration.ofMillis(100));
    String[] userInfo = CacheUrls.userAndPassword(uri);
    String user = userInfo[0] != null ? userInfo[0] : env.get(RemoteStores.USER_ENV);
    String password = userInfo[1] != null ? userInfo[1] : env.get(RemoteStores.PASSWORD_ENV);
    if (user != null && password != null) {
      options =
          options.withCredentials(
              CredentialSource.fixed(repo.registry(), new Credential(user, password)));
    }
    if (insecure) {
      options = options.withInsecureHosts(Set.of(host));
    }
    return new OciStore(RegistryClient.create(options), repo);
  }

  @Override
  public String name() {
    return "oci://" + repo.registry() + "/" + repo.repository();
  }

  @Override
  public Optional<byte[]> getAction(String key) throws IOException {
    ImageReference ref = repo.withTag(tag(key));
    try {
      if (client.headManifest(ref).isEmpty()) {
        return Optional.empty();
      }
      JsonNode manifest = JSON.readTree(client.getManifest(ref).bytes());
      JsonNode layer = manifest.path("layers").path(0);
      JsonNode notes = manifest.path("annotations");
      ActionRecord record =
          new ActionRecord(
              Digest.parse(notes.path(OUTPUT).asText()),
              Digest.parse(layer.path("digest").asText()),
              layer.path("size").asLong(-1),
              Instant.ofEpochMilli(notes.path(TIME).asLong()));
      return Optional.of(record.encode());
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not a Slipway action manifest: a miss, overwritten by the next put
    } catch (RegistryException e) {
      throw wrap(e);
    }
  }

  @Override
  public void putAction(String key, byte[] recordBytes) throws IOException {
    ActionRecord record = ActionRecord.parse(recordBytes);
    try {
      if (!configPushed.get()) {
        client.pushBlob(repo, BlobSource.ofBytes(EMPTY), Optional.empty());
        configPushed.set(true);
      }
      client.putManifest(repo.withTag(tag(key)), manifest(record), MANIFEST_TYPE);
    } catch (RegistryException e) {
      throw wrap(e);
    }
  }

  @Override
  public boolean getBlob(Digest digest, Path dest) throws IOException {
    try {
      if (!client.blobExists(repo, digest)) {
        return false;
      }
      client.downloadBlob(repo, digest, dest);
      return true;
    } catch (RegistryException e) {
      if (String.valueOf(e.getMessage()).contains("does not match its digest")) {
        throw new CorruptBlobException(name() + ": " + e.getMessage());
      }
      throw wrap(e);
    }
  }

  @Override
  public void putBlob(Digest digest, Path source, long size) throws IOException {
    try {
      client.pushBlob(repo, BlobSource.ofFile(source, digest, size), Optional.empty());
    } catch (RegistryException e) {
      throw wrap(e);
    }
  }

  @Override
  public void close() {
    client.close();
  }

  /** {@code ac-<key>}, or {@code ac-<sha256 of key>} when that would pass the 128-character cap. */
  static String tag(String key) {
    ActionKeys.check(key);
    if (key.length() <= 125) {
      return "ac-" + key;
    }
    return "ac-"
        + HexFormat.of().formatHex(Digest.newSha256().digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] manifest(ActionRecord record) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MANIFEST_TYPE);
    root.put("artifactType", ARTIFACT_TYPE);
    ObjectNode config = root.putObject("config");
    config.put("mediaType", EMPTY_TYPE);
    config.put("digest", Digest.sha256Of(EMPTY).toString());
    config.put("size", EMPTY.length);
    ObjectNode layer = root.putArray("layers").addObject();
    layer.put("mediaType", BODY_TYPE);
    layer.put("digest", record.blob().toString());
    layer.put("size", record.size());
    ObjectNode notes = root.putObject("annotations");
    notes.put(OUTPUT, record.outputId().toString());
    notes.put(TIME, Long.toString(record.time().toEpochMilli()));
    return JSON.writeValueAsBytes(root);
  }

  private IOException wrap(RegistryException e) {
    return new IOException(name() + ": " + e.getMessage(), e);
  }
}
