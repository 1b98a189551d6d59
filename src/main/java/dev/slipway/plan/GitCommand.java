package dev.slipway.plan;

import dev.slipway.core.Subprocess;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * git run in a directory with exactly the environment given (git finds its config through HOME, and
 * itself on PATH), for what Slipway reads of a checkout: labels, ko's template data.
 */
final class GitCommand {
  private GitCommand() {}

  /**
   * git's standard output when it succeeds; empty when it fails, or when there is no git or no such
   * directory (then there is nothing to read, as outside a repository).
   *
   * @throws InterruptedIOException if interrupted while git runs
   */
  static Optional<String> output(Path dir, Map<String, String> environment, String... args)
      throws InterruptedIOException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().clear();
    builder.environment().putAll(environment);
    try (Subprocess process = Subprocess.start(builder)) {
      String out = new String(process.stdout().readAllBytes(), StandardCharsets.UTF_8);
      return process.waitFor() == 0 ? Optional.of(out) : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while running git in " + dir);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
