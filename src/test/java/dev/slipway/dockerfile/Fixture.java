package dev.slipway.dockerfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A repository built by a test in its temporary directory, one file at a time. */
final class Fixture {
  private final Path root;

  Fixture(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** Writes {@code text} to {@code path} (relative, slash-separated), making directories. */
  Fixture file(String path, String text) {
    try {
      Path file = root.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Go module at {@code dir} with a main package in {@code mainDir} (relative to it). */
  Fixture module(String dir, String modulePath, String mainDir) {
    String prefix = dir.equals(".") ? "" : dir + "/";
    file(prefix + "go.mod", "module " + modulePath + "\n\ngo 1.22\n");
    file(prefix + "go.sum", "");
    String main = mainDir.equals(".") ? prefix : prefix + mainDir + "/";
    return file(main + "main.go", "package main\n\nfunc main() {}\n");
  }
}
