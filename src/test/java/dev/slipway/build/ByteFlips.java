package dev.slipway.build;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Damages files the way a bad disk or a stray writer would: one byte flipped in each. */
final class ByteFlips {
  private final Random random;

  ByteFlips(Random random) {
    this.random = random;
  }

  /**
   * Flips one byte in up to {@code perStore} random non-empty files under each store directory of
   * {@code cacheDir}; returns how many files each store had damaged.
   */
  Map<String, Integer> inEveryStore(Path cacheDir, int perStore) throws IOException {
    Map<String, Integer> flipped = new TreeMap<>();
    try (Stream<Path> stores = Files.list(cacheDir)) {
      for (Path store : stores.filter(Files::isDirectory).sorted().toList()) {
        List<Path> files = files(store);
        int n = 0;
        for (int i = 0; i < perStore && !files.isEmpty(); i++) {
          flip(files.remove(random.nextInt(files.size())));
          n++;
        }
        flipped.put(store.getFileName().toString(), n);
      }
    }
    return flipped;
  }

  /** Flips one byte of one random file under {@code dir}; returns it, or null if it has none. */
  Path inOneFile(Path dir) throws IOException {
    List<Path> files = files(dir);
    if (files.isEmpty()) {
      return null;
    }
    Path victim = files.get(random.nextInt(files.size()));
    flip(victim);
    return victim;
  }

  /** Every non-empty regular file under {@code dir}, in a stable order. */
  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      List<Path> files = new ArrayList<>();
      for (Path p : all.sorted().toList()) {
        if (Files.isRegularFile(p) && Files.size(p) > 0) {
          files.add(p);
        }
      }
      return files;
    }
  }

  private void flip(Path file) throws IOException {
    boolean writable = Files.isWritable(file);
    file.toFile().setWritable(true);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = (long) (random.nextDouble() * f.length());
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ (1 + random.nextInt(255)));
    } finally {
      file.toFile().setWritable(writable);
    }
  }
}
