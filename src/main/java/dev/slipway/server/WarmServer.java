package dev.slipway.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import jdk.net.ExtendedSocketOptions;

/**
 * A warm Slipway: listens on a Unix domain socket and runs each client's command on threads of its
 * own ({@link Session}), until it has been idle (no connection open) for its idle time, or is told
 * to stop; then it removes its socket and returns.
 */
final class WarmServer {
  private final Path socket;
  private final String key;
  private final Duration idle;
  private final PrintStream log;
  private final UserPrincipal owner;
  private final ServerSocketChannel listener;
  private final Object fileKey;
  private final JarWatch jar;
  private int open;
  private long lastActivity = System.nanoTime();
  private volatile boolean stopping;

  private WarmServer(
      Path socket,
      String key,
      Duration idle,
      PrintStream log,
      UserPrincipal owner,
      ServerSocketChannel listener,
      JarWatch jar)
      throws IOException {
    this.socket = socket;
    this.key = key;
    this.idle = idle;
    this.log = log;
    this.owner = owner;
    this.listener = listener;
    this.fileKey = fileKey(socket);
    this.jar = jar;
  }

  /** Thrown when another server already answers on the socket. */
  static final class AlreadyRunning extends IOException {
    private static final long serialVersionUID = 1L;

    AlreadyRunning(Path socket) {
      super("a server already listens on " + socket);
    }
  }

  /**
   * Listens on {@code socket}. A socket file no server answers on (one a killed server left) is
   * replaced.
   *
   * @param jar the jar this server runs from: once it changes (a rebuild), the server stops, since
   *     clients of the new jar connect to a server of their own
   * @throws AlreadyRunning if a server answers there
   */
  static WarmServer bind(Path socket, String key, Duration idle, PrintStream log, JarWatch jar)
      throws IOException {
    UserPrincipal owner = SocketDirectory.check(socket.toAbsolutePath().getParent());
    UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
    if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
      if (answers(address)) {
        throw new AlreadyRunning(socket);
      }
      Files.delete(socket); // nobody listens: a stale socket
    }
    ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      listener.bind(address);
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
      return new WarmServer(socket, key, idle, log, owner, listener, jar);
    } catch (IOException | RuntimeException e) {
      listener.close();
      throw e;
    }
  }

  /** Accepts connections until stopped; then removes the socket and waits for open sessions. */
  void serve() throws IOException, InterruptedException {
    Thread watch = new Thread(this::watchIdle, "slipway-idle");
    watch.setDaemon(true);
    watch.start();
    try {
      while (!stopping) {
        SocketChannel channel;
        try {
          channel = listener.accept();
        } catch (ClosedChannelException e) { // stop() closed it
          break;
        }
        if (!fromOwner(channel)) {
          channel.close();
          continue;
        }
        opened();
        Thread session =
            new Thread(
                () -> {
                  try {
                    new Session(this, channel, key).serve();
                  } finally {
                    closed();
                  }
                },
                "slipway-session");
        session.start();
      }
    } finally {
      stop();
      removeSocket();
    }
    awaitSessions();
  }

  /** Stops accepting connections; sessions under way run to their end. */
  void stop() {
    stopping = true;
    try {
      listener.close();
    } catch (IOException e) {
      log("closing the socket: " + e.getMessage());
    }
  }

  void log(String message) {
    synchronized (log) {
      log.println(Instant.now() + " " + message);
      log.flush();
    }
  }

  /** Only the user whose directory holds the socket may connect (the directory already says so). */
  private boolean fromOwner(SocketChannel channel) {
    try {
      String peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName();
      if (peer.equals(owner.getName())) {
        return true;
      }
      log("refused a connection from user " + peer);
    } catch (IOException | UnsupportedOperationException e) {
      log("refused a connection whose user is unknown: " + e.getMessage());
    }
    return false;
  }

  private synchronized void opened() {
    open++;
    lastActivity = System.nanoTime();
  }

  private synchronized void closed() {
    open--;
    lastActivity = System.nanoTime();
    notifyAll();
  }

  private synchronized void awaitSessions() throws InterruptedException {
    while (open > 0) {
      wait();
    }
  }

  /**
   * Stops the server once no connection has been open for the idle time, or once its jar has
   * changed.
   */
  private void watchIdle() {
    long tick = Math.max(10, Math.min(1000, idle.toMillis() / 10));
    try {
      while (!stopping) {
        Thread.sleep(tick);
        if (idleFor() >= idle.toNanos()) {
          log("idle for " + idle + "; stopping");
          stop();
        } else if (jar.changed()) {
          log("the jar was rebuilt; stopping");
          stop();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized long idleFor() {
    return open > 0 ? 0 : System.nanoTime() - lastActivity;
  }

  /**
   * Removes the socket, if it is still this server's: one started meanwhile by a racing client may
   * have replaced it, and its socket must stay.
   */
  private void removeSocket() {
    try {
      if (Objects.equals(fileKey(socket), fileKey)) {
        Files.deleteIfExists(socket);
      }
    } catch (IOException e) {
      // already gone
    }
  }

  private static boolean answers(UnixDomainSocketAddress address) {
    try (SocketChannel probe = SocketChannel.open(address)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Object fileKey(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .fileKey();
  }
}
