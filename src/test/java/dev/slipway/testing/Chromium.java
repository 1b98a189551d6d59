package dev.slipway.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium, run on a local file: its DOM after the page's scripts ran, and
 * optionally a screenshot. Nothing is fetched: the file is all the page has.
 */
public final class Chromium {
  private static final List<String> NAMES =
      List.of("chromium", "chromium-browser", "chromium-headless-shell");
  private static final long TIMEOUT_SECONDS = 120;

  private Chromium() {}

  /**
   * What the browser made of a page.
   *
   * @param dom the DOM after scripts ran ({@code --dump-dom})
   * @param log the browser's stderr, with console messages ({@code --enable-logging=stderr})
   */
  public record Page(String dom, String log) {
    /** Log lines that report a script error or an error logged to the console. */
    public List<String> errors() {
      return log.lines()
          .filter(
              l ->
                  l.contains("Uncaught")
                      || (l.contains("CONSOLE") && (l.contains("ERROR") || l.contains("error"))))
          .toList();
    }
  }

  /** The first of chromium, chromium-browser, chromium-headless-shell on PATH. */
  public static Path binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : NAMES) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    throw new AssertionError("no " + NAMES + " on PATH: run scripts/install-deps");
  }

  /** Loads {@code html}, lets its scripts finish, and returns the DOM. */
  public static Page dumpDom(Path html) {
    return run(html, "--dump-dom");
  }

  /** Loads {@code html} and saves a PNG of the page to {@code png}. */
  public static Page screenshot(Path html, Path png, int width, int height) {
    return run(
        html, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height);
  }

  private static Page run(Path html, String... what) {
    try {
      Path work = Files.createTempDirectory("slipway-chromium");
      try {
        List<String> cmd =
            new ArrayList<>(
                List.of(
                    binary().toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-extensions",
                    "--user-data-dir=" + work.resolve("profile"),
                    "--enable-logging=stderr",
                    "--v=0",
                    "--virtual-time-budget=5000"));
        cmd.addAll(List.of(what));
        cmd.add(html.toAbsolutePath().toUri().toString());
        Path out = work.resolve("stdout");
        Path err = work.resolve("stderr");
        Process p =
            new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        p.getOutputStream().close();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor();
          throw new AssertionError(
              "chromium did not finish in " + TIMEOUT_SECONDS + "s:\n" + Files.readString(err));
        }
        String log = Files.readString(err, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
          throw new AssertionError("chromium exited " + p.exitValue() + ":\n" + log);
        }
        return new Page(Files.readString(out, StandardCharsets.UTF_8), log);
      } finally {
        // Best effort: a helper process of the browser may still be closing its profile files.
        try (Stream<Path> walk = Files.walk(work)) {
          for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
            f.toFile().delete();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
