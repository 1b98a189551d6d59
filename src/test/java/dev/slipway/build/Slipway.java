package dev.slipway.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.Main;
import dev.slipway.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the CLI in-process with its own cache directory and a private environment beside it ({@link
 * TestEnvironment}): instances on the same cache directory share it, as runs on one machine do.
 */
final class Slipway {
  private final Map<String, String> env;

  Slipway(Path cacheDir) {
    env = TestEnvironment.of(cacheDir.resolveSibling(cacheDir.getFileName() + "-env"));
    env.put("SLIPWAY_CACHE_DIR", cacheDir.toString());
  }

  Slipway env(String key, String value) {
    env.put(key, value);
    return this;
  }

  Slipway unset(String key) {
    env.remove(key);
    return this;
  }

  record Run(int code, String out, String err, JsonNode summary) {
    Run ok() {
      if (code != 0) {
        throw new AssertionError("slipway exited " + code + ":\n" + err + out);
      }
      return this;
    }

    String digest(int target) {
      return summary.path("targets").path(target).path("digest").asText();
    }
  }

  /** Any command; no summary is read. */
  Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), null);
  }

  Run build(Path json, String... args) {
    List<String> all = new ArrayList<>(List.of("build", "--json", json.toString()));
    all.addAll(List.of(args));
    Run run = run(all.toArray(String[]::new));
    if (run.code() != 0) {
      return run;
    }
    try {
      return new Run(run.code(), run.out(), run.err(), new ObjectMapper().readTree(json.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
