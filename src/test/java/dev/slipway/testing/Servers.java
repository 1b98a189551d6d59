package dev.slipway.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** What every server the harness starts needs: a free port, and a clean stop. */
public final class Servers {
  private Servers() {}

  /** A loopback port nothing listens on right now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Polls {@code ready} until it holds; fails with {@code log}'s text if {@code process} dies or
   * {@code timeout} passes first.
   */
  public static void awaitReady(
      Process process, String what, Path log, Duration timeout, BooleanSupplier ready)
      throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (!ready.getAsBoolean()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            what + " did not start:\n" + (Files.exists(log) ? Files.readString(log) : ""));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** The status of a GET of {@code http://host/path}, or -1 if nothing answers. */
  public static int status(String host, String path) {
    try {
      java.net.HttpURLConnection c =
          (java.net.HttpURLConnection)
              java.net.URI.create("http://" + host + path).toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(5000);
      int status = c.getResponseCode();
      c.disconnect();
      return status;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Stops {@code process} (politely, then by force) and deletes its working directory. */
  public static void stop(Process process, Path dir) {
    stop(List.of(process), dir);
  }

  /** Stops every process (politely, then by force) and deletes their working directory. */
  public static void stop(List<Process> processes, Path dir) {
    processes.forEach(Process::destroy);
    try {
      for (Process process : processes) {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is not worth failing a test for
    }
  }
}
