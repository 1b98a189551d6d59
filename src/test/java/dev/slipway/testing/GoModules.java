package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small Go modules written into a test's temp dir. Standard library only: no network. */
public final class GoModules {
  private GoModules() {}

  /**
   * A module {@code example.com/svc} with main packages {@code cmd/<name>} for each name, sharing
   * {@code internal/greet}. Each binary prints {@code hello from <name> (<greeting>)} and exits.
   */
  public static Path service(Path dir, String... mains) {
    write(dir.resolve("go.mod"), "module example.com/svc\n\ngo 1.24\n");
    write(
        dir.resolve("internal/greet/greet.go"),
        "package greet\n\n// Greeting is shared by every command.\nconst Greeting = \"v1\"\n");
    for (String name : mains) {
      write(
          dir.resolve("cmd/" + name + "/main.go"),
          "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"example.com/svc/internal/greet\"\n)\n\n"
              + "func main() {\n\tfmt.Printf(\"hello from "
              + name
              + " (%s) uid=%d\\n\", greet.Greeting, os.Getuid())\n}\n");
    }
    return dir;
  }

  /** Changes the shared package, which every main depends on. */
  public static void changeGreeting(Path module, String greeting) {
    write(
        module.resolve("internal/greet/greet.go"),
        "package greet\n\n// Greeting is shared by every command.\nconst Greeting = \""
            + greeting
            + "\"\n");
  }

  public static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
