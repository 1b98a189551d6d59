package dev.slipway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.core.HomeDirectory;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials the way docker and podman find them. Files, first match wins: {@code
 * $REGISTRY_AUTH_FILE}, {@code $DOCKER_CONFIG/config.json} (or {@code ~/.docker/config.json}),
 * {@code $XDG_RUNTIME_DIR/containers/auth.json}. In each: {@code credHelpers[host]}, then {@code
 * credsStore}, then {@code auths} (base64 {@code auth}, username/password, or identitytoken).
 *
 * <p>Files are read on the first lookup, so anonymous registries never pay for JSON parsing.
 */
public final class DockerConfigCredentials implements CredentialSource {

  private final List<Path> files;
  private final Map<String, String> environment;
  private volatile List<ConfigFile> parsed;

  private record ConfigFile(
      Path path, Map<String, String> credHelpers, String credsStore, Map<String, JsonNode> auths) {}

  /** Credential helpers are found on {@code pathVariable} and run with nothing else set. */
  DockerConfigCredentials(List<Path> files, String pathVariable) {
    this(files, Map.of("PATH", pathVariable == null ? "" : pathVariable));
  }

  /** Credential helpers are found on {@code environment}'s PATH and run in that environment. */
  DockerConfigCredentials(List<Path> files, Map<String, String> environment) {
    this.files = List.copyOf(files);
    this.environment = Map.copyOf(environment);
  }

  /**
   * The files {@code env} names ({@code HOME} included: it, not Java's {@code user.home}, is where
   * docker looks), read on first lookup; a malformed file then fails that lookup.
   */
  public static DockerConfigCredentials fromEnvironment(Map<String, String> env) {
    return new DockerConfigCredentials(configFiles(env, HomeDirectory.of(env)), env);
  }

  /** Reads and checks the files now; a malformed one is a UsageException naming it. */
  void verify() throws UsageException {
    parsed();
  }

  /**
   * @param home where {@code .docker/config.json} is looked for without DOCKER_CONFIG; may be empty
   */
  static List<Path> configFiles(Map<String, String> env, Optional<Path> home) {
    List<Path> out = new ArrayList<>();
    Optional.ofNullable(env.get("REGISTRY_AUTH_FILE"))
        .filter(s -> !s.isEmpty())
        .map(Path::of)
        .ifPresent(out::add);
    String dockerConfig = env.get("DOCKER_CONFIG");
    if (dockerConfig != null && !dockerConfig.isEmpty()) {
      out.add(Path.of(dockerConfig, "config.json"));
    } else {
      home.ifPresent(h -> out.add(h.resolve(".docker").resolve("config.json")));
    }
    Optional.ofNullable(env.get("XDG_RUNTIME_DIR"))
        .filter(s -> !s.isEmpty())
        .map(dir -> Path.of(dir, "containers", "auth.json"))
        .ifPresent(out::add);
    return out;
  }

  @Override
  public Optional<Credential> lookup(String registryHost) throws RegistryException {
    List<ConfigFile> configs;
    try {
      configs = parsed();
    } catch (UsageException e) {
      throw new RegistryException(e.getMessage(), e);
    }
    String host = canonicalHost(registryHost);
    String serverUrl =
        host.equals(ImageReference.DEFAULT_REGISTRY)
            ? ImageReference.DEFAULT_REGISTRY_CONFIG_KEY
            : host;
    for (ConfigFile config : configs) {
      for (Map.Entry<String, String> helper : config.credHelpers().entrySet()) {
        if (canonicalHost(helper.getKey()).equals(host)) {
          return new CredentialHelper(helper.getValue(), environment).get(helper.getKey());
        }
      }
      if (config.credsStore() != null && !config.credsStore().isEmpty()) {
        Optional<Credential> stored =
            new CredentialHelper(config.credsStore(), environment).get(serverUrl);
        if (stored.isPresent()) {
          return stored;
        }
      }
      for (Map.Entry<String, JsonNode> auth : config.auths().entrySet()) {
        if (canonicalHost(auth.getKey()).equals(host)) {
          Optional<Credential> found = fromAuthEntry(auth.getValue(), config.path());
          if (found.isPresent()) {
            return found;
          }
        }
      }
    }
    return Optional.empty();
  }

  /** A config key or host, as a bare host; the default registry's aliases become one name. */
  static String canonicalHost(String key) {
    String host = key.trim().toLowerCase(Locale.ROOT);
    if (host.startsWith("https://")) {
      host = host.substring(8);
    } else if (host.startsWith("http://")) {
      host = host.substring(7);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    return ImageReference.canonicalRegistry(host);
  }

  private static Optional<Credential> fromAuthEntry(JsonNode entry, Path file)
      throws RegistryException {
    String identityToken = entry.path("identitytoken").asText("");
    if (!identityToken.isEmpty()) {
      return Optional.of(Credential.identityToken(identityToken));
    }
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String pair;
      try {
        pair = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        String message = "an \"auth\" entry in " + file + " is not valid base64";
        throw new RegistryException(message, new UsageException(message));
      }
      int colon = pair.indexOf(':');
      if (colon < 0) {
        String message = "an \"auth\" entry in " + file + " is not user:password";
        throw new RegistryException(message, new UsageException(message));
      }
      return Optional.of(new Credential(pair.substring(0, colon), pair.substring(colon + 1)));
    }
    String username = entry.path("username").asText("");
    String password = entry.path("password").asText("");
    return username.isEmpty() || password.isEmpty()
        ? Optional.empty()
        : Optional.of(new Credential(username, password));
  }

  private List<ConfigFile> parsed() throws UsageException {
    List<ConfigFile> result = parsed;
    if (result == null) {
      List<ConfigFile> list = new ArrayList<>();
      for (Path file : files) {
        read(file).ifPresent(list::add);
      }
      result = List.copyOf(list);
      parsed = result;
    }
    return result;
  }

  private static Optional<ConfigFile> read(Path file) throws UsageException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UsageException("cannot read registry credentials file " + file + ": " + e, e);
    }
    JsonNode root;
    try {
      root = Json.parse(bytes);
    } catch (IOException e) {
      throw new UsageException(
          "malformed registry credentials file " + file + ": not valid JSON (" + firstLine(e) + ")",
          e);
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw new UsageException(
          "malformed registry credentials file " + file + ": not a JSON object");
    }
    Map<String, String> helpers = new java.util.LinkedHashMap<>();
    root.path("credHelpers")
        .properties()
        .forEach(f -> helpers.put(f.getKey(), f.getValue().asText()));
    Map<String, JsonNode> auths = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : root.path("auths").properties()) {
      auths.put(f.getKey(), f.getValue());
    }
    String store = root.path("credsStore").asText(null);
    return Optional.of(new ConfigFile(file, helpers, store, auths));
  }

  /** Jackson messages quote the offending text, which could be a secret: keep the position. */
  private static String firstLine(IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json
        && json.getLocation() != null) {
      return "line "
          + json.getLocation().getLineNr()
          + ", column "
          + json.getLocation().getColumnNr();
    }
    return e.getClass().getSimpleName();
  }
}
