package dev.slipway.server;

import dev.slipway.cli.Invocation;
import dev.slipway.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's connection: the handshake, then its command run by {@link Main#run(Invocation,
 * String...)} on a thread of its own, with the client's argv, environment, working directory and
 * terminal, its output streamed back as frames, then its exit code.
 *
 * <p>The client sends nothing after its request, so the end of its half of the connection means it
 * is gone or was stopped (Ctrl-C): the run's thread is then interrupted, which stops the build the
 * way a failure does (go processes are killed, see core.Subprocess; outputs are only ever renamed
 * into place whole).
 */
final class Session {
  private final WarmServer server;
  private final SocketChannel channel;
  private final String key;

  Session(WarmServer server, SocketChannel channel, String key) {
    this.server = server;
    this.channel = channel;
    this.key = key;
  }

  /** Serves the connection to its end; never throws. */
  void serve() {
    try (channel) {
      Request request;
      try {
        request = Request.parse(Frames.read(channel, Frames.MAX_REQUEST).payload());
      } catch (IOException e) {
        refuse("a malformed request: " + e.getClass().getSimpleName());
        return;
      }
      if (request.stop()) {
        server.log("stop requested");
        reply(Frames.EXIT, Frames.exitCode(0));
        server.stop();
        return;
      }
      if (!key.equals(request.version())) {
        // A jar built since this server started: the client runs cold, and this server goes.
        refuse("this server runs version " + key + ", the client wants " + request.version());
        server.stop();
        return;
      }
      Path cwd;
      try {
        cwd = request.workingDirectory();
      } catch (IOException e) {
        refuse(e.getMessage());
        return;
      }
      if (!Files.isDirectory(cwd)) {
        refuse("the working directory does not exist"); // the cold run says so in its own words
        return;
      }
      reply(Frames.ACCEPTED, key.getBytes(StandardCharsets.UTF_8));
      run(request, cwd);
    } catch (IOException | RuntimeException e) {
      server.log("connection failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(Request request, Path cwd) throws InterruptedException {
    String command = commandName(request);
    long start = System.nanoTime();
    AtomicBoolean done = new AtomicBoolean();
    int[] exit = {1};
    try (FrameWriter frames = new FrameWriter(channel, "slipway-output")) {
      Charset charset = Charset.defaultCharset();
      PrintStream out = new PrintStream(frames.stream(Frames.STDOUT), true, charset);
      PrintStream err = new PrintStream(frames.stream(Frames.STDERR), true, charset);
      // Standard input is not forwarded: the launcher runs `resolve -f -` cold.
      Invocation invocation =
          new Invocation(
              InputStream.nullInputStream(), out, err, request.env(), cwd, request.terminal());
      Thread runner =
          new Thread(
              () -> {
                try {
                  exit[0] = Main.run(invocation, request.argv().toArray(String[]::new));
                } catch (RuntimeException | Error e) {
                  err.println("slipway: internal error: " + e);
                  server.log("run failed: " + e);
                } finally {
                  out.flush();
                  err.flush();
                  done.set(true);
                  wakeReader();
                }
              },
              "slipway-run-" + command);
      runner.start();
      boolean cancelled = awaitEndOrHangUp(done);
      if (cancelled) {
        server.log(command + ": the client left; cancelling");
        runner.interrupt();
      }
      runner.join();
      // Logged before the client hears the exit code, so that the log is complete once it has.
      server.log(
          command + ": exit " + exit[0] + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
      sendExit(frames, exit[0]);
    }
  }

  /**
   * Waits until the run is done or the client has closed its half of the connection, whichever is
   * first: true when the client went first. The run's end wakes this read ({@link #wakeReader}).
   */
  private boolean awaitEndOrHangUp(AtomicBoolean done) {
    ByteBuffer sink = ByteBuffer.allocate(256);
    try {
      while (channel.read(sink) >= 0) {
        sink.clear(); // the client sends nothing more; anything it does send is ignored
      }
    } catch (IOException e) {
      // the connection failed, which is the client gone too
    }
    return !done.get();
  }

  /** Ends the read of {@link #awaitEndOrHangUp}: the run is over. Output can still be sent. */
  private void wakeReader() {
    try {
      channel.shutdownInput();
    } catch (IOException e) {
      // the connection is gone already, and so is the read
    }
  }

  /**
   * The subcommand, for the log and thread names; never anything else of argv, which may hold a
   * secret (a URL with a password, a value of --sign-key...).
   */
  private static String commandName(Request request) {
    String first = request.argv().isEmpty() ? "" : request.argv().get(0);
    return first.matches("[a-z][a-z-]{0,19}") ? first : "(command)";
  }

  private static void sendExit(FrameWriter frames, int code) {
    try {
      frames.send(Frames.EXIT, Frames.exitCode(code));
    } catch (IOException e) {
      // interrupted: the client is not waiting for it
    }
  }

  private void refuse(String reason) throws IOException {
    server.log("refused: " + reason);
    reply(Frames.REFUSED, reason.getBytes(StandardCharsets.UTF_8));
  }

  private void reply(byte type, byte[] payload) throws IOException {
    Frames.write(channel, type, payload, 0, payload.length);
  }
}
