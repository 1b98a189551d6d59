package dev.slipway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.core.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code docker-credential-<name> get}: the server URL on stdin, {@code
 * {"Username":..,"Secret":..}} on stdout. "credentials not found" means anonymous.
 */
final class CredentialHelper {
  private static final long TIMEOUT_SECONDS = 60;

  private final String name;
  private final Map<String, String> environment;

  /**
   * @param environment the helper's whole environment (Slipway's own): helpers such as {@code pass}
   *     find their stores through HOME, which must be the HOME Slipway was given
   */
  CredentialHelper(String name, Map<String, String> environment) {
    this.name = name;
    this.environment = environment;
  }

  Optional<Credential> get(String serverUrl) throws RegistryException {
    Path executable = find();
    Process process;
    try {
      ProcessBuilder builder =
          new ProcessBuilder(executable.toString(), "get").redirectErrorStream(true);
      builder.environment().clear();
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new RegistryException("cannot run credential helper " + executable + ": " + e, e);
    }
    try {
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // A helper that fails fast may exit before reading stdin (a broken pipe here); its exit
        // code and output below say what went wrong.
      }
      byte[] output;
      try (InputStream stdout = process.getInputStream()) {
        output = stdout.readNBytes(1 << 20);
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new RegistryException("credential helper " + executable + " did not finish");
      }
      String text = new String(output, StandardCharsets.UTF_8).trim();
      if (process.exitValue() != 0) {
        if (text.toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
          return Optional.empty();
        }
        // Helpers print their errors to stdout; a failed call prints no secret.
        throw new RegistryException(
            "credential helper "
                + executable.getFileName()
                + " failed for "
                + serverUrl
                + ": "
                + (text.length() > 200 ? text.substring(0, 200) + "…" : text));
      }
      JsonNode json = Json.parse(output);
      String username = json.path("Username").asText("");
      String secret = json.path("Secret").asText("");
      if (secret.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Credential(username, secret));
    } catch (IOException e) {
      throw new RegistryException(
          "credential helper " + executable.getFileName() + " gave unreadable output", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new RegistryException("interrupted while running credential helper " + name, e);
    }
  }

  private Path find() throws RegistryException {
    String program = "docker-credential-" + name;
    String path = environment.getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, program);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new RegistryException(
        "credential helper " + program + " is not on PATH (install it or fix the docker config)");
  }
}
