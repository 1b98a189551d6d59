package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The environment every go and Slipway run of the tests gets: minimal, and with every directory a
 * tool would write to (GOCACHE, GOMODCACHE, GOPATH, HOME, XDG_CACHE_HOME, XDG_CONFIG_HOME,
 * SLIPWAY_CACHE_DIR, DOCKER_CONFIG) under the test's own root, so no test reads or fills the user's
 * caches or another test's. Only PATH (and GOROOT, if set) come from the user's environment.
 *
 * <p>Compiling the standard library cold costs tens of seconds on a busy 2-core machine, so a
 * GOCACHE starts as a copy of a warm one that the harness builds once under {@code
 * target/test-gocache} (for linux/amd64 and linux/arm64, with Slipway's {@code CGO_ENABLED=0
 * -trimpath}; the packages the fixtures and examples/hello import). The copy hard-links the
 * compiled outputs, which go names by their SHA-256 and never rewrites while they match it, and
 * copies everything else (index entries, which go does rewrite), so a test can never change the
 * warm cache the next test starts from.
 */
public final class TestEnvironment {
  private static final String SEED_VERSION = "2";
  private static final String SEED_MAIN =
      """
      package main

      import (
      \t"bytes"
      \t"errors"
      \t"flag"
      \t"fmt"
      \t"io"
      \t"net"
      \t"os"
      \t"runtime"
      \t"strings"
      )

      func main() {
      \tvar b bytes.Buffer
      \t_, _ = io.WriteString(&b, strings.ToUpper("seed"))
      \t_ = errors.New(runtime.GOOS)
      \t_ = flag.CommandLine
      \t_, _ = net.Dial("unix", "")
      \tfmt.Fprintln(os.Stdout, b.String())
      }
      """;

  /**
   * For linux/amd64 only (where the tests build it): what examples/hello adds, net/http and all.
   */
  private static final String SEED_AMD64 =
      """
      //go:build amd64

      package main

      import (
      	_ "context"
      	_ "log"
      	_ "net/http"
      	_ "os/signal"
      	_ "path/filepath"
      	_ "syscall"
      	_ "time"
      )
      """;

  private static Path seed;

  private TestEnvironment() {}

  /** A fresh environment under {@code root} (created if missing), with a warm GOCACHE. */
  public static Map<String, String> of(Path root) {
    Map<String, String> env = base(root);
    Path gocache = root.resolve("gocache");
    if (!Files.isDirectory(gocache)) {
      copySeed(gocache);
    }
    return env;
  }

  /** As {@link #of}, with an empty GOCACHE: for tests of what a cold runner does. */
  public static Map<String, String> cold(Path root) {
    Map<String, String> env = base(root);
    mkdirs(root.resolve("gocache"));
    return env;
  }

  /** A GOCACHE at {@code dir} that starts as a copy of the harness's warm one. */
  public static Path warmGoCache(Path dir) {
    if (!Files.isDirectory(dir)) {
      copySeed(dir);
    }
    return dir;
  }

  private static Map<String, String> base(Path root) {
    Path home = root.resolve("home");
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    String goroot = System.getenv("GOROOT");
    if (goroot != null && !goroot.isEmpty()) {
      env.put("GOROOT", goroot);
    }
    env.put("HOME", home.toString());
    env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
    env.put("GOCACHE", root.resolve("gocache").toString());
    env.put("GOMODCACHE", root.resolve("gomodcache").toString());
    env.put("GOPATH", root.resolve("gopath").toString());
    env.put("SLIPWAY_CACHE_DIR", root.resolve("slipway-cache").toString());
    env.put("DOCKER_CONFIG", root.resolve("docker").toString());
    env.put("GOTOOLCHAIN", "local");
    // Module caches are written read-only by default, which leaves @TempDir unable to clean up.
    env.put("GOFLAGS", "-modcacherw");
    env.put("GOPROXY", "off");
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    mkdirs(home);
    telemetryOff(home.resolve(".config"));
    return env;
  }

  /**
   * In its default mode go's telemetry starts a detached child process that outlives the go that
   * started it, once a day per configuration directory: with a fresh HOME that is every test, and a
   * child still writing there when the test's directory is deleted fails the test. The mode file is
   * what {@code go telemetry off} would write.
   */
  public static void telemetryOff(Path configHome) {
    try {
      Path telemetry = Files.createDirectories(configHome.resolve("go").resolve("telemetry"));
      Files.writeString(telemetry.resolve("mode"), "off");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copySeed(Path gocache) {
    Path from = seed();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = gocache.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (source.getFileName().toString().endsWith("-d")) {
          Files.createLink(target, source);
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the warm GOCACHE " + from, e);
    }
  }

  /**
   * The harness's warm GOCACHE, built on first use in this or an earlier test run, once per go
   * version. Built in a temporary directory and renamed into place, so a JVM that finds it finds it
   * whole.
   */
  private static synchronized Path seed() {
    if (seed != null) {
      return seed;
    }
    Map<String, String> plain =
        Map.of(
            "PATH",
            System.getenv().getOrDefault("PATH", ""),
            "GOTOOLCHAIN",
            "local",
            "GOENV",
            "off");
    String version = run(Path.of("."), plain, "go", "env", "GOVERSION").strip();
    Path root =
        Path.of(System.getProperty("slipway.test.gocache", "target/test-gocache")).toAbsolutePath();
    Path done = root.resolve(version + "-" + SEED_VERSION);
    if (!Files.isDirectory(done)) {
      build(root, done);
    }
    seed = done;
    return seed;
  }

  private static void build(Path root, Path done) {
    try {
      Files.createDirectories(root);
      Path work = Files.createTempDirectory(root, "building-");
      Path module = Files.createDirectories(work.resolve("module"));
      Path gocache = work.resolve("gocache");
      Files.writeString(module.resolve("go.mod"), "module example.com/seed\n\ngo 1.21\n");
      Files.writeString(module.resolve("main.go"), SEED_MAIN);
      Files.writeString(module.resolve("amd64.go"), SEED_AMD64);
      Map<String, String> env = base(work);
      env.put("GOCACHE", gocache.toString());
      env.put("CGO_ENABLED", "0");
      for (String arch : List.of("amd64", "arm64")) {
        env.put("GOOS", "linux");
        env.put("GOARCH", arch);
        run(module, env, "go", "build", "-trimpath", "-o", work.resolve("seed-" + arch).toString());
      }
      try {
        Files.move(gocache, done);
      } catch (FileAlreadyExistsException e) {
        // another JVM finished first; its cache is as good
      }
      delete(work);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the warm GOCACHE under " + root, e);
    }
  }

  private static String run(Path dir, Map<String, String> env, String... command) {
    Result r = run(dir, env, 600, command);
    if (r.code() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + r.output());
    }
    return r.output();
  }

  /** What a command printed, standard output and error together, and its exit code. */
  public record Result(int code, String output) {}

  /**
   * Runs {@code command} in {@code dir} with exactly {@code env} for at most {@code seconds}; one
   * that takes longer is killed and has code -1.
   */
  public static Result run(Path dir, Map<String, String> env, int seconds, String... command) {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      // Read beside the wait, so that a hung command is bounded by the wait and a chatty one never
      // blocks on a full pipe.
      CompletableFuture<String> output =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return new Result(-1, "timed out after " + seconds + " s:\n" + output.join());
      }
      return new Result(p.exitValue(), output.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(all::add);
    }
    for (Path p : all) {
      p.toFile().setWritable(true);
      Files.deleteIfExists(p);
    }
  }
}
