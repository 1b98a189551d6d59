package dev.slipway.layer;

import dev.slipway.core.Digest;
import dev.slipway.core.StoreCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** {@code slipway cache verify} of the layer store: see {@link LayerStore#verify(StoreCheck)}. */
final class LayerStoreCheck {
  private final Path root;
  private final StoreCheck check;

  LayerStoreCheck(Path root, StoreCheck check) {
    this.root = root;
    this.check = check;
  }

  void run() throws IOException {
    Path blobs = root.resolve("blobs").resolve("sha256");
    for (Path blob : list(blobs)) {
      String name = blob.getFileName().toString();
      if (name.startsWith(".")) {
        check.cleanIfStale(blob);
        continue;
      }
      check.checked();
      String problem;
      try {
        Digest actual = Digest.sha256Of(blob);
        problem = actual.hex().equals(name) ? null : "its content hashes to " + actual;
      } catch (NoSuchFileException e) {
        continue; // removed meanwhile
      }
      if (problem != null) {
        Files.deleteIfExists(blob);
        check.removed("layers/" + root.relativize(blob), problem);
      }
    }
    for (Path codec : list(root.resolve("index"))) {
      for (Path entry : list(codec)) {
        String problem = indexProblem(entry);
        if (problem != null) {
          Files.deleteIfExists(entry);
          check.removed("layers/" + root.relativize(entry), problem);
        }
      }
    }
    for (Path stamp : list(root.resolve("stamps"))) {
      if (stamp.getFileName().toString().startsWith(".")) {
        check.cleanIfStale(stamp);
        continue;
      }
      check.checked();
      try {
        Digest.parse(Files.readString(stamp, StandardCharsets.UTF_8).trim());
      } catch (IllegalArgumentException | IOException e) {
        Files.deleteIfExists(stamp);
        check.removed("layers/" + root.relativize(stamp), "not a diffID");
      }
    }
    for (Path temp : list(root.resolve("tmp"))) {
      check.cleanIfStale(temp);
    }
  }

  /** What is wrong with an index entry, or null: it must name a stored blob of its size. */
  private String indexProblem(Path entry) throws IOException {
    if (entry.getFileName().toString().startsWith(".")) {
      check.cleanIfStale(entry);
      return null;
    }
    check.checked();
    try {
      new Digest("sha256", entry.getFileName().toString());
      String[] parts = Files.readString(entry, StandardCharsets.UTF_8).trim().split(" ");
      if (parts.length != 2) {
        return "not \"<digest> <size>\"";
      }
      Digest digest = Digest.parse(parts[0]);
      long size = Long.parseLong(parts[1]);
      Path blob = root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
      if (!Files.isRegularFile(blob)) {
        return "its blob " + digest + " is missing";
      }
      if (Files.size(blob) != size) {
        return "its blob " + digest + " has " + Files.size(blob) + " bytes, not " + size;
      }
      return null;
    } catch (IllegalArgumentException e) {
      return "unreadable: " + e.getMessage();
    } catch (java.nio.charset.CharacterCodingException e) {
      return "not text";
    } catch (NoSuchFileException e) {
      return null; // removed meanwhile
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
