package dev.slipway.build;

import dev.slipway.testing.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** A fresh runner: its own Slipway cache, Go caches and home, and a file:// upstream. */
final class SoakRunner {
  final Path root;
  final Path logs;
  final Map<String, String> env = new HashMap<>();

  SoakRunner(Path root, Path upstream) {
    this.root = root;
    this.logs = root.resolve("logs");
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", root.resolve("home").toString());
    env.put("XDG_CONFIG_HOME", root.resolve("home/.config").toString());
    TestEnvironment.telemetryOff(root.resolve("home/.config"));
    env.put("SLIPWAY_CACHE_DIR", root.resolve("cache").toString());
    env.put("SLIPWAY_PROGRESS", "plain");
    env.put("GOCACHE", root.resolve("gocache").toString());
    env.put("GOMODCACHE", root.resolve("modcache").toString());
    env.put("GOPATH", root.resolve("gopath").toString());
    env.put("GOPROXY", upstream.toUri().toString());
    env.put("GOSUMDB", "off");
    env.put("GOTOOLCHAIN", "local");
    env.put("GOFLAGS", "-modcacherw");
  }

  void delete(String... relative) throws IOException {
    for (String r : relative) {
      Path p = root.resolve(r);
      if (Files.exists(p)) {
        try (Stream<Path> all = Files.walk(p)) {
          for (Path f : all.sorted((a, b) -> b.compareTo(a)).toList()) {
            f.toFile().setWritable(true);
            Files.deleteIfExists(f);
          }
        }
      }
    }
  }

  /**
   * Processes whose environment names this runner's module cache: go and the cache helper that a
   * build started. A dead build's children get a moment to notice that it died.
   */
  List<Long> goProcessesAfterGrace() throws Exception {
    byte[] marker = ("GOMODCACHE=" + root.resolve("modcache")).getBytes(StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (long pid : processesWith(marker)) {
      long left = Math.max(0, deadline - System.nanoTime());
      var exit = ProcessHandle.of(pid).map(ProcessHandle::onExit);
      if (exit.isPresent()) {
        try {
          exit.get().get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          break; // still running after the grace: reported below
        }
      }
    }
    return processesWith(marker);
  }

  private static List<Long> processesWith(byte[] environMarker) throws IOException {
    List<Long> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.toList()) {
        String name = proc.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit) && environContains(proc, environMarker)) {
          found.add(Long.parseLong(name));
        }
      }
    }
    return found;
  }

  private static boolean environContains(Path proc, byte[] marker) {
    byte[] environ;
    try {
      environ = Files.readAllBytes(proc.resolve("environ"));
    } catch (IOException | SecurityException e) {
      return false; // gone, or not ours
    }
    outer:
    for (int i = 0; i + marker.length <= environ.length; i++) {
      for (int j = 0; j < marker.length; j++) {
        if (environ[i + j] != marker[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
