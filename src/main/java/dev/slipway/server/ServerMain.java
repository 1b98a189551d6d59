package dev.slipway.server;

import dev.slipway.core.UsageException;
import dev.slipway.report.DurationFlag;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code java -cp slipway.jar dev.slipway.server.ServerMain --socket PATH --key KEY [--idle
 * DURATION]}: the warm server, as the launcher's client starts it (detached, its output to a log).
 * An entry of its own rather than a slipway subcommand, so that {@code cli} never knows the server
 * that runs it.
 */
public final class ServerMain {
  /** Without {@code --idle} (the client passes {@code SLIPWAY_SERVER_IDLE}). */
  static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);

  private ServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    System.exit(run(args));
  }

  static int run(String... args) throws InterruptedException {
    Path socket = null;
    String key = null;
    Duration idle = DEFAULT_IDLE;
    try {
      for (int i = 0; i < args.length; i += 2) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        if (value == null) {
          throw new UsageException(args[i] + " needs a value");
        }
        switch (args[i]) {
          case "--socket" -> socket = Path.of(value).toAbsolutePath();
          case "--key" -> key = value;
          case "--idle" -> idle = DurationFlag.parse("--idle", value);
          default -> throw new UsageException("unknown option " + args[i]);
        }
      }
      if (socket == null || key == null || key.isEmpty()) {
        throw new UsageException("usage: --socket PATH --key KEY [--idle DURATION]");
      }
    } catch (UsageException e) {
      System.err.println("slipway server: " + e.getMessage());
      return 2;
    }
    WarmServer server;
    try {
      server = WarmServer.bind(socket, key, idle, System.err, JarWatch.ofThisJar());
    } catch (WarmServer.AlreadyRunning e) {
      System.err.println("slipway server: " + e.getMessage());
      return 0;
    } catch (IOException e) {
      System.err.println("slipway server: cannot listen on " + socket + ": " + e.getMessage());
      return 1;
    }
    server.log(
        "listening on "
            + socket
            + " (version "
            + key
            + ", pid "
            + ProcessHandle.current().pid()
            + ")");
    try {
      server.serve();
    } catch (IOException e) {
      server.log("stopped: " + e.getMessage());
      return 1;
    }
    server.log("stopped");
    return 0;
  }
}
