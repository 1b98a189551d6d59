package dev.slipway.cacheprog;

import dev.slipway.core.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Serves an {@link ActionStore} to go processes over a Unix domain socket in a private temp dir,
 * one connection per go process (each through the {@link Bridge}), so the cache lives in this JVM
 * for the whole build.
 */
public final class CacheprogServer implements AutoCloseable {
  private static final int MAX_CONNECTIONS = 256;

  private final ActionStore store;
  private final Path bridge;
  private final Path dir;
  private final Path socket;
  private final ServerSocketChannel server;
  private final ThreadPoolExecutor connections;
  private final ExecutorService workers;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final PrintStream log;
  private final Thread acceptor;

  private CacheprogServer(ActionStore store, Path bridge, PrintStream log) throws IOException {
    this.store = store;
    this.bridge = bridge.toAbsolutePath();
    this.log = log;
    // A short path without spaces: socket paths are limited to about 100 bytes, and the value of
    // GOCACHEPROG is split on spaces.
    this.dir =
        Files.createTempDirectory(
            Path.of("/tmp"),
            "slipway-cp-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    this.socket = dir.resolve("s");
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    this.connections =
        new ThreadPoolExecutor(
            0,
            MAX_CONNECTIONS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            DaemonThreads.named("slipway-cacheprog-conn"));
    this.workers =
        Executors.newFixedThreadPool(
            Math.max(4, Runtime.getRuntime().availableProcessors()),
            DaemonThreads.named("slipway-cacheprog-worker"));
    this.acceptor = DaemonThreads.named("slipway-cacheprog-accept").newThread(this::acceptLoop);
    acceptor.start();
  }

  /**
   * Starts serving {@code store}. {@code bridge} is the helper from {@link Bridge#ensureBuilt};
   * {@code log} gets one line per failed connection.
   */
  public static CacheprogServer start(ActionStore store, Path bridge, PrintStream log)
      throws IOException {
    return new CacheprogServer(store, bridge, log);
  }

  /** The socket the bridge connects to. */
  public Path socket() {
    return socket;
  }

  /** The value for the go command's GOCACHEPROG: the bridge and the socket, quoted if needed. */
  public String goCacheProgValue() {
    return quote(bridge.toString()) + " " + quote(socket.toString());
  }

  static String quote(String word) {
    if (!word.isEmpty()
        && word.chars()
            .noneMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == '\'' || c == '"')) {
      return word;
    }
    if (word.indexOf('\'') < 0) {
      return "'" + word + "'";
    }
    if (word.indexOf('"') < 0) {
      return "\"" + word + "\"";
    }
    throw new IllegalArgumentException("cannot quote a path with both kinds of quote: " + word);
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (AsynchronousCloseException e) {
        return;
      } catch (IOException e) {
        log.println("slipway: cacheprog server: " + e.getMessage());
        return;
      }
      open.add(channel);
      try {
        connections.execute(() -> serve(channel));
      } catch (RejectedExecutionException e) {
        log.println("slipway: cacheprog server: too many go processes at once, refusing one");
        closeQuietly(channel);
      }
    }
  }

  private void serve(SocketChannel channel) {
    try {
      CacheprogProtocol.serve(in(channel), out(channel), store, workers);
    } catch (IOException e) {
      if (server.isOpen()) {
        log.println("slipway: cacheprog connection: " + e.getMessage());
      }
    } finally {
      closeQuietly(channel);
    }
  }

  private void closeQuietly(SocketChannel channel) {
    open.remove(channel);
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing left to tell the peer.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (SocketChannel c : open) {
      closeQuietly(c);
    }
    connections.shutdown();
    workers.shutdown();
    try {
      acceptor.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(socket);
    Files.deleteIfExists(dir);
  }

  // Channels.newInputStream and newOutputStream share one lock, so a blocked read would stall
  // every answer; these streams read and write the channel independently.
  private static InputStream in(SocketChannel channel) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        return channel.read(ByteBuffer.wrap(b, off, len));
      }
    };
  }

  private static OutputStream out(SocketChannel channel) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    };
  }
}
