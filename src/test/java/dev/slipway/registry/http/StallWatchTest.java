package dev.slipway.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class StallWatchTest {
  /** A socket whose peer stopped reading: writes block until the connection is closed. */
  private static final class StuckSocket extends OutputStream {
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("Socket closed");
    }
  }

  @Test
  void aBodyThePeerStopsTakingIsCutOffAsATimeout() {
    StuckSocket socket = new StuckSocket();
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                StallWatch.copy(
                    new ByteArrayInputStream(new byte[1000]),
                    socket,
                    Duration.ofMillis(200),
                    socket.closed::countDown))
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessageContaining("200 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void aBodyThatFlowsIsCopiedWhole() throws IOException {
    byte[] body = new byte[300_000];
    body[299_999] = 7;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StallWatch.copy(
        new ByteArrayInputStream(body),
        out,
        Duration.ofSeconds(30),
        () -> {
          throw new AssertionError("aborted a flowing body");
        });
    assertThat(out.toByteArray()).isEqualTo(body);
  }
}
