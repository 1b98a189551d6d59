package dev.slipway.cacheprog;

import dev.slipway.core.DaemonThreads;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves an {@link ActionStore} to the go processes of a build, each over its own pair of named
 * pipes (FIFOs) in a private temp directory, so the cache lives in this JVM for the whole build.
 *
 * <p>go starts its GOCACHEPROG as a child and speaks to its stdin and stdout. That child is {@code
 * /bin/sh} joining them to the pipes with two {@code cat}s: every POSIX system has both, so a cold
 * runner starts at once. A compiled helper would need Go's runtime compiled first, through a cache
 * that does not exist yet (9 s on two cores with an empty GOCACHE, paid by every fresh runner), or
 * a binary taken from a shared cache and run, which anyone who can write to that cache could
 * replace.
 *
 * <p>Slipway opens both pipes read-write ({@code O_RDWR} never waits for the other end on Linux),
 * so it never blocks on a go process that has not started its helper, or never will; closing the
 * server closes them, which ends any conversation still waiting.
 */
public final class CacheprogServer implements AutoCloseable {
  private static final int MAX_CONNECTIONS = 256;

  /**
   * The helper: {@code $0} is the pipe go reads from, {@code $1} the one it writes to. The
   * background {@code cat} holds go's stdout until Slipway closes its pipe; the other takes the
   * shell's place, so go's stdin reaches Slipway and its end reaches Slipway as end of input.
   */
  private static final String RELAY = "'cat <\"$0\" & exec cat >\"$1\"'";

  private final ActionStore store;
  private final Path dir;
  private final ThreadPoolExecutor connections;
  private final ExecutorService workers;
  private final Set<FileChannel> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger next = new AtomicInteger();
  private final PrintStream log;
  private volatile boolean closed;

  private CacheprogServer(ActionStore store, PrintStream log) throws IOException {
    this.store = store;
    this.log = log;
    // Short and without spaces: the value of GOCACHEPROG is split on white space.
    this.dir =
        Files.createTempDirectory(
            Path.of("/tmp"),
            "slipway-cp-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
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
  }

  /** Starts serving {@code store}; {@code log} gets one line per failed conversation. */
  public static CacheprogServer start(ActionStore store, PrintStream log) throws IOException {
    return new CacheprogServer(store, log);
  }

  /**
   * The value of GOCACHEPROG for one more go process: a new pair of pipes, already served. Each go
   * process needs its own, since a pipe is one conversation.
   */
  public String newGoCacheProg() throws IOException {
    if (closed) {
      throw new IOException("the GOCACHEPROG server is closed");
    }
    int n = next.getAndIncrement();
    Path toGo = dir.resolve(n + ".o");
    Path fromGo = dir.resolve(n + ".i");
    makeFifos(toGo, fromGo);
    FileChannel in = openFifo(fromGo);
    FileChannel out;
    try {
      out = openFifo(toGo);
    } catch (IOException e) {
      close(in);
      throw e;
    }
    try {
      connections.execute(() -> serve(in, out, toGo, fromGo));
    } catch (RejectedExecutionException e) {
      close(in);
      close(out);
      throw new IOException("too many go processes at once for the GOCACHEPROG server", e);
    }
    return "/bin/sh -c " + RELAY + " " + toGo + " " + fromGo;
  }

  private FileChannel openFifo(Path fifo) throws IOException {
    FileChannel channel = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
    open.add(channel);
    return channel;
  }

  /** The JDK cannot make a FIFO; {@code mkfifo} is POSIX. */
  private static void makeFifos(Path... fifos) throws IOException {
    String[] command = new String[fifos.length + 3];
    command[0] = "mkfifo";
    command[1] = "-m";
    command[2] = "600";
    for (int i = 0; i < fifos.length; i++) {
      command[i + 3] = fifos[i].toString();
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IOException("mkfifo failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making the GOCACHEPROG pipes", e);
    }
  }

  private void serve(FileChannel in, FileChannel out, Path toGo, Path fromGo) {
    try {
      CacheprogProtocol.serve(
          Channels.newInputStream(in), Channels.newOutputStream(out), store, workers);
    } catch (IOException e) {
      if (!closed) {
        log.println("slipway: cacheprog connection: " + e.getMessage());
      }
    } finally {
      // Closing the pipe go reads from is its end of input: its helper exits, and go goes on.
      close(out);
      close(in);
      try {
        Files.deleteIfExists(toGo);
        Files.deleteIfExists(fromGo);
      } catch (IOException e) {
        // removed with the directory at close
      }
    }
  }

  private void close(FileChannel channel) {
    open.remove(channel);
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing left to tell the peer.
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    for (FileChannel c : open) {
      close(c);
    }
    connections.shutdown();
    workers.shutdown();
    try {
      connections.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }
}
