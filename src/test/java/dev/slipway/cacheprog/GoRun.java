package dev.slipway.cacheprog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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

  static Map<String, String> env(Path gocache, String gocacheprog) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("GOCACHE", gocache.toString());
    env.put("GOFLAGS", "");
    env.put("GOTOOLCHAIN", "local");
    env.put("GOPROXY", "off");
    env.put("GOWORK", "off");
    env.put("GO111MODULE", "on");
    if (gocacheprog == null) {
      env.remove("GOCACHEPROG");
    } else {
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
        "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/m/greet\"\n)\n\n"
            + "func main() { fmt.Println(greet.Hello()) }\n");
    Files.writeString(
        dir.resolve("greet/greet.go"), "package greet\n\nfunc Hello() string { return \"hi\" }\n");
    Files.writeString(
        dir.resolve("greet/greet_test.go"),
        "package greet\n\nimport \"testing\"\n\n"
            + "func TestHello(t *testing.T) {\n\tif Hello() != \"hi\" {\n\t\tt.Fatal(Hello())\n\t}\n}\n");
    return dir;
  }

  /** A main package that pulls in a good part of the standard library. */
  static Path stdlibHeavyModule(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("go.mod"), "module example.com/heavy\n\ngo 1.24\n");
    Files.writeString(
        dir.resolve("main.go"),
        """
        package main

        import (
        \t"archive/zip"
        \t"compress/gzip"
        \t"crypto/tls"
        \t"database/sql"
        \t"encoding/json"
        \t"encoding/xml"
        \t"fmt"
        \t"html/template"
        \t"net/http"
        \t"net/http/httptest"
        \t"os"
        \t"regexp"
        )

        func main() {
        \t_ = zip.Store
        \t_ = gzip.BestSpeed
        \t_ = tls.VersionTLS13
        \t_ = sql.ErrNoRows
        \t_ = xml.Header
        \t_ = template.HTMLEscapeString("<x>")
        \t_ = httptest.DefaultRemoteAddr
        \t_ = regexp.MustCompile("a+")
        \tb, _ := json.Marshal(map[string]int{"a": 1})
        \tfmt.Fprintln(os.Stdout, string(b), http.StatusOK)
        }
        """);
    return dir;
  }
}
