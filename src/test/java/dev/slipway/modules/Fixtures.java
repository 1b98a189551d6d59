package dev.slipway.modules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.ModuleVersion;
import dev.slipway.testing.TestEnvironment;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Fixture modules built in a test's temp dir, a {@code file://} GOPROXY tree, and the real go. */
public final class Fixtures {
  private Fixtures() {}

  /** Writes a zip with the given entry names as they are; STORED, so a content byte is visible. */
  public static Path zip(Path dest, Map<String, byte[]> entries) {
    try (OutputStream file = Files.newOutputStream(dest);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry ze = new ZipEntry(e.getKey());
        ze.setMethod(ZipEntry.STORED);
        ze.setSize(e.getValue().length);
        CRC32 crc = new CRC32();
        crc.update(e.getValue());
        ze.setCrc(crc.getValue());
        ze.setTime(0);
        out.putNextEntry(ze);
        out.write(e.getValue());
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dest;
  }

  /** A module zip: every file under {@code path@version/}. */
  public static Path moduleZip(Path dest, ModuleVersion mv, Map<String, String> files) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    files.forEach(
        (name, text) -> entries.put(mv.path() + "@" + mv.version() + "/" + name, utf8(text)));
    return zip(dest, entries);
  }

  /** Publishes a module into a {@code file://} GOPROXY tree; files must include go.mod. */
  public static void publish(Path proxyRoot, ModuleVersion mv, Map<String, String> files) {
    Path dir = proxyRoot.resolve(mv.escapedPath()).resolve("@v");
    try {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve("list"),
          mv.version() + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      Files.writeString(
          dir.resolve(mv.escapedVersion() + ".info"),
          "{\"Version\":\"" + mv.version() + "\",\"Time\":\"2024-01-02T03:04:05Z\"}\n");
      Files.writeString(dir.resolve(mv.escapedVersion() + ".mod"), files.get("go.mod"));
      moduleZip(dir.resolve(mv.escapedVersion() + ".zip"), mv, files);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path zipIn(Path proxyRoot, ModuleVersion mv) {
    return proxyRoot.resolve(mv.escapedPath()).resolve("@v").resolve(mv.escapedVersion() + ".zip");
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Three modules: greet needs util, and a module with capitals in its path. */
  public static final ModuleVersion GREET = new ModuleVersion("example.com/greet", "v1.0.0");

  public static final ModuleVersion UTIL = new ModuleVersion("example.com/util", "v0.1.0");
  public static final ModuleVersion WORDS = new ModuleVersion("example.com/Upper/words", "v1.2.0");

  public static void publishAll(Path proxyRoot) {
    publish(
        proxyRoot,
        UTIL,
        Map.of(
            "go.mod", "module example.com/util\n\ngo 1.21\n",
            "util.go", "package util\n\nfunc Shout(s string) string { return s + \"!\" }\n",
            "LICENSE", "fixture\n"));
    publish(
        proxyRoot,
        GREET,
        Map.of(
            "go.mod",
            "module example.com/greet\n\ngo 1.21\n\nrequire example.com/util v0.1.0\n",
            "greet.go",
            """
            package greet

            import "example.com/util"

            func Hello(n string) string { return util.Shout("hello " + n) }
            """));
    publish(
        proxyRoot,
        WORDS,
        Map.of(
            "go.mod", "module example.com/Upper/words\n\ngo 1.21\n",
            "words.go", "package words\n\nconst Name = \"gopher\"\n"));
  }

  /** A published upstream tree and an app whose go.mod and go.sum the real go has tidied. */
  public record TidyApp(Path upstream, Path app) {}

  /** Publishes the fixtures under {@code dir/upstream} and tidies {@code dir/app} against them. */
  public static TidyApp tidyApp(Path dir) throws IOException, InterruptedException {
    Path upstream = dir.resolve("upstream");
    publishAll(upstream);
    Path app = app(dir.resolve("app"));
    GoResult tidy =
        go(
            app,
            Map.of(
                "GOPROXY",
                upstream.toUri().toString(),
                "GOMODCACHE",
                dir.resolve("seed").toString()),
            "mod",
            "tidy");
    if (tidy.exit() != 0) {
      throw new IllegalStateException("go mod tidy failed:\n" + tidy.output());
    }
    return new TidyApp(upstream, app);
  }

  /** A main module using all three. */
  public static Path app(Path dir) {
    write(
        dir.resolve("go.mod"),
        """
        module example.com/app

        go 1.21

        require (
        \texample.com/greet v1.0.0
        \texample.com/Upper/words v1.2.0
        \texample.com/util v0.1.0 // indirect
        )
        """);
    write(
        dir.resolve("main.go"),
        """
        package main

        import (
        \t"fmt"

        \t"example.com/Upper/words"
        \t"example.com/greet"
        )

        func main() { fmt.Println(greet.Hello(words.Name)) }
        """);
    return dir;
  }

  public static final ModuleVersion UNUSED = new ModuleVersion("example.com/unused", "v1.0.0");
  public static final ModuleVersion CLOUD = new ModuleVersion("example.com/cloud", "v1.0.0");
  public static final ModuleVersion STORAGE =
      new ModuleVersion("example.com/cloud/storage", "v1.0.0");
  public static final ModuleVersion BIG = new ModuleVersion("example.com/big", "v1.0.0");

  /**
   * An app shaped like a real service's module graph, tidied by the real go: {@code main} imports
   * greet (which imports util) and {@code example.com/cloud/storage}, a module nested in {@code
   * example.com/cloud}; a test imports unused and cloud's own package. So go.sum lists five zips,
   * and building main extracts four: cloud's only to check that storage's package is not also
   * there, the way go checks {@code cloud.google.com/go} for its submodules. Unused's zip is needed
   * by no build.
   */
  public static TidyApp cloudApp(Path dir) throws IOException, InterruptedException {
    Path upstream = dir.resolve("upstream");
    publishAll(upstream);
    publish(
        upstream,
        UNUSED,
        Map.of(
            "go.mod", "module example.com/unused\n\ngo 1.21\n",
            "unused.go", "package unused\n\nconst X = 1\n"));
    publish(
        upstream,
        CLOUD,
        Map.of(
            "go.mod", "module example.com/cloud\n\ngo 1.21\n",
            "other/other.go", "package other\n\nconst O = 1\n"));
    publish(
        upstream,
        STORAGE,
        Map.of(
            "go.mod",
            "module example.com/cloud/storage\n\ngo 1.21\n\nrequire example.com/cloud v1.0.0\n",
            "storage.go",
            "package storage\n\nconst Bucket = \"b\"\n"));
    Path app = dir.resolve("app");
    write(app.resolve("go.mod"), "module example.com/app\n\ngo 1.21\n");
    write(
        app.resolve("main.go"),
        """
        package main

        import (
        \t"fmt"

        \t"example.com/cloud/storage"
        \t"example.com/greet"
        )

        func main() { fmt.Println(greet.Hello(storage.Bucket)) }
        """);
    write(
        app.resolve("main_test.go"),
        """
        package main

        import (
        \t"testing"

        \t"example.com/cloud/other"
        \t"example.com/unused"
        )

        func TestX(t *testing.T) { _ = unused.X + other.O }
        """);
    tidy(upstream, app, dir.resolve("seed"));
    return new TidyApp(upstream, app);
  }

  /**
   * Publishes {@link #BIG}, whose zip holds {@code mib} MiB of incompressible bytes (seeded, so the
   * same on every run), and one package.
   */
  public static void publishBig(Path upstream, int mib) throws IOException {
    byte[] data = new byte[mib << 20];
    new java.util.Random(11).nextBytes(data);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    String prefix = BIG.path() + "@" + BIG.version() + "/";
    String mod = "module example.com/big\n\ngo 1.21\n";
    entries.put(prefix + "go.mod", utf8(mod));
    entries.put(prefix + "big.go", utf8("package big\n\nconst Name = \"big\"\n"));
    entries.put(prefix + "testdata/blob.bin", data);
    Path dirV = upstream.resolve(BIG.escapedPath()).resolve("@v");
    Files.createDirectories(dirV);
    Files.writeString(dirV.resolve("list"), BIG.version() + "\n");
    Files.writeString(dirV.resolve(BIG.version() + ".info"), "{\"Version\":\"v1.0.0\"}\n");
    Files.writeString(dirV.resolve(BIG.version() + ".mod"), mod);
    zip(dirV.resolve(BIG.version() + ".zip"), entries);
  }

  /** {@code go mod tidy} of {@code app} against {@code upstream}. */
  public static void tidy(Path upstream, Path app, Path modCache)
      throws IOException, InterruptedException {
    GoResult tidy =
        go(
            app,
            Map.of("GOPROXY", upstream.toUri().toString(), "GOMODCACHE", modCache.toString()),
            "mod",
            "tidy");
    if (tidy.exit() != 0) {
      throw new IllegalStateException("go mod tidy failed:\n" + tidy.output());
    }
  }

  public static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** go.sum lines as an {@link Expected}; a stand-in for the real parser in dev.slipway.modfile. */
  public static Expected expectedFrom(Path goSum) throws IOException {
    Map<ModuleVersion, String> zips = new HashMap<>();
    Map<ModuleVersion, String> mods = new HashMap<>();
    for (String line : Files.readAllLines(goSum)) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 3) {
        continue;
      }
      if (f[1].endsWith("/go.mod")) {
        mods.put(new ModuleVersion(f[0], f[1].substring(0, f[1].length() - 7)), f[2]);
      } else {
        zips.put(new ModuleVersion(f[0], f[1]), f[2]);
      }
    }
    return Expected.of(zips, mods);
  }

  /** The outcome of one go command. */
  public record GoResult(int exit, String output) {}

  /**
   * Runs the real go in a private environment beside {@code dir} ({@link TestEnvironment}) with
   * clean module settings, plus {@code env}.
   */
  public static GoResult go(Path dir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("go");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> e = pb.environment();
    e.clear();
    e.putAll(TestEnvironment.of(dir.resolveSibling(dir.getFileName() + "-goenv")));
    e.put("GOWORK", "off");
    e.put("GOSUMDB", "off");
    e.put("GOFLAGS", "-mod=mod -modcacherw -buildvcs=false");
    e.put("GOENV", "off");
    e.put("CGO_ENABLED", "0");
    e.putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new GoResult(p.waitFor(), out);
  }

  /** {@code go mod download -json mv} from a proxy; the JSON go prints. */
  public static JsonNode download(Path work, String goproxy, Path modCache, ModuleVersion mv)
      throws IOException, InterruptedException {
    Files.createDirectories(work);
    GoResult r =
        go(
            work,
            Map.of("GOPROXY", goproxy, "GOMODCACHE", modCache.toString(), "GOFLAGS", "-modcacherw"),
            "mod",
            "download",
            "-json",
            mv.toString());
    if (r.exit() != 0) {
      throw new IllegalStateException("go mod download failed:\n" + r.output());
    }
    return new ObjectMapper().readTree(r.output());
  }
}
