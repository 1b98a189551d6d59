package dev.slipway.cacheprog;

import dev.slipway.testing.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the real go command offline in a generated module, with its own GOCACHE. */
final class GoRun {
  record Result(int code, String output, double seconds) {
    Result ok() {
      if (code != 0) {
        throw new AssertionError("go exited " + code + ":\n" + output);
      }
      return this;
    }
  }

  /**
   * A private environment ({@link TestEnvironment}) beside {@code gocache}, offline, with that
   * GOCACHE (as the caller made it: empty, or a warm copy) and GOCACHEPROG if given.
   */
  static Map<String, String> env(Path gocache, String gocacheprog) {
    Map<String, String> env =
        TestEnvironment.cold(gocache.resolveSibling(gocache.getFileName() + "-env"));
    env.put("GOCACHE", gocache.toString());
    env.put("GOWORK", "off");
    env.put("GO111MODULE", "on");
    if (gocacheprog != null) {
      env.put("GOCACHEPROG", gocacheprog);
    }
    return env;
  }

  static Result run(Path dir, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("go"));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      long start = System.nanoTime();
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = p.waitFor();
      return new Result(code, out, (System.nanoTime() - start) / 1e9);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A module {@code example.com/m} with a main package and a tested library {@code greet}. */
  static Path smallModule(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("greet"));
    Files.writeString(dir.resolve("go.mod"), "module example.com/m\n\ngo 1.24\n");
    Files.writeString(
        dir.resolve("main.go"),
        """
        package main

        import (
        \t"fmt"

        \t"example.com/m/greet"
        )

        func main() { fmt.Println(greet.Hello()) }
        """);
    Files.writeString(
        dir.resolve("greet/greet.go"), "package greet\n\nfunc Hello() string { return \"hi\" }\n");
    Files.writeString(
        dir.resolve("greet/greet_test.go"),
        """
        package greet

        import "testing"

        func TestHello(t *testing.T) {
        \tif Hello() != "hi" {
        \t\tt.Fatal(Hello())
        \t}
        }
        """);
    return dir;
  }
}
