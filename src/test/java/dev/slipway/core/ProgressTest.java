package dev.slipway.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.CountingTask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void copyWritesEveryByteAndAdvancesTheTaskByThem() throws Exception {
    byte[] data = new byte[200_000]; // several chunks
    new Random(7).nextBytes(data);
    CountingTask task = new CountingTask();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    long copied = task.copy(new ByteArrayInputStream(data), out);

    assertThat(copied).isEqualTo(data.length);
    assertThat(task.advanced()).isEqualTo(data.length);
    assertThat(out.toByteArray()).isEqualTo(data);
  }
}
