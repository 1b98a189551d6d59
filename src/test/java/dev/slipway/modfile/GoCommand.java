package dev.slipway.modfile;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testing.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Runs the real go, offline, on a go.mod or go.sum in a temp dir: the judge of the parsers. */
final class GoCommand {
  private GoCommand() {}

  /** What go made of a file: the JSON of {@code go mod edit -json}, or its error text. */
  record Result(JsonNode json, String error) {
    boolean ok() {
      return json != null;
    }
  }

  /** {@code go mod edit -json} on the content, written as dir/go.mod. */
  static Result modEditJson(Path dir, byte[] goMod) {
    return run(dir, goMod, null, "go", "mod", "edit", "-json");
  }

  /** {@code go list -m -json all} with the proxy off: enough to make go read go.sum. */
  static Result listModules(Path dir, byte[] goMod, byte[] goSum) {
    return run(dir, goMod, goSum, "go", "list", "-m", "-json", "all");
  }

  private static Result run(Path dir, byte[] goMod, byte[] goSum, String... command) {
    try {
      Files.write(dir.resolve("go.mod"), goMod);
      Files.deleteIfExists(dir.resolve("go.sum"));
      if (goSum != null) {
        Files.write(dir.resolve("go.sum"), goSum);
      }
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
      Map<String, String> env = pb.environment();
      env.clear();
      env.putAll(TestEnvironment.cold(dir.resolveSibling(dir.getFileName() + "-goenv")));
      env.put("GOFLAGS", "");
      env.put("GOWORK", "off");
      env.put("GOPROXY", "off");
      env.put("GO111MODULE", "on");
      Path err = dir.resolve("go.stderr");
      pb.redirectError(err.toFile());
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      int rc = p.waitFor();
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      if (rc != 0) {
        return new Result(null, stderr);
      }
      return new Result(
          new ObjectMapper().readTree(out.length == 0 ? "{}".getBytes(UTF_8) : out), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
