package dev.slipway.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockFilesTest {
  @TempDir Path tmp;

  @Test
  void anotherProcessCannotTakeAHeldLockUntilItIsReleased() throws Exception {
    Path file = tmp.resolve("bin/key.lock");
    LockFiles.Held held = LockFiles.lock(file);
    assertThat(probe(file)).isEqualTo("busy");
    held.close();
    assertThat(probe(file)).isEqualTo("free");
  }

  @Test
  void threadsOfOneJvmTakeTurnsAndAnotherThreadMayRelease() throws Exception {
    Path file = tmp.resolve("key.lock");
    LockFiles.Held first = LockFiles.lock(file);
    AtomicReference<Thread> waiter = new AtomicReference<>();
    CompletableFuture<LockFiles.Held> second =
        CompletableFuture.supplyAsync(
            () -> {
              waiter.set(Thread.currentThread());
              try {
                return LockFiles.lock(file);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    while (waiter.get() == null || waiter.get().getState() != Thread.State.WAITING) {
      Thread.onSpinWait(); // until the second caller is parked on the lock
    }
    assertThat(second).isNotDone();
    first.close(); // from a thread other than the one that will take it next
    try (LockFiles.Held next = second.get(30, TimeUnit.SECONDS)) {
      assertThat(probe(file)).as("held by the second caller").isEqualTo("busy");
    }
    assertThat(probe(file)).isEqualTo("free");
  }

  /** What another JVM finds when it tries the lock without waiting. */
  private static String probe(Path file) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Probe.class.getName(),
                file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  /** Tries the lock once in its own process and says whether it was free. */
  public static final class Probe {
    public static void main(String[] args) throws IOException {
      try (FileChannel channel =
              FileChannel.open(
                  Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.tryLock()) {
        System.out.println(lock == null ? "busy" : "free");
      }
    }
  }
}
