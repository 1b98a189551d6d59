package dev.slipway.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path tmp;

  @Test
  void writeReplacesContentAndLeavesNoTempFiles() throws Exception {
    Path target = tmp.resolve("sub/file.txt");
    AtomicFiles.write(target, "one".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(target, "two".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(target)).isEqualTo("two");
    assertThat(list(target.getParent())).containsExactly("file.txt");
  }

  @Test
  void tempSiblingIsInTheTargetsDirectory() throws Exception {
    Path target = tmp.resolve("a/b/blob");
    Path temp = AtomicFiles.tempSibling(target);
    assertThat(temp.getParent()).isEqualTo(target.getParent());
    assertThat(temp.getFileName().toString()).startsWith(".blob.").endsWith(".tmp");
  }

  @Test
  void moveWithoutReplaceKeepsTheExistingFileAndDeletesTheTemp() throws Exception {
    Path target = tmp.resolve("blob");
    Files.writeString(target, "first");
    Path temp = AtomicFiles.tempSibling(target);
    Files.writeString(temp, "second");
    AtomicFiles.move(temp, target, false);
    assertThat(Files.readString(target)).isEqualTo("first");
    assertThat(temp).doesNotExist();
  }

  @Test
  void concurrentWritersToTheSameContentPathBothSucceed() throws Exception {
    Path target = tmp.resolve("blobs/sha256/content");
    byte[] content = "same content".getBytes(StandardCharsets.UTF_8);
    int writers = 8;
    CyclicBarrier start = new CyclicBarrier(writers);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        results.add(
            pool.submit(
                () -> {
                  Path temp = AtomicFiles.tempSibling(target);
                  Files.write(temp, content);
                  start.await();
                  AtomicFiles.move(temp, target, false);
                  return true;
                }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(Files.readAllBytes(target)).isEqualTo(content);
    assertThat(list(target.getParent())).containsExactly("content");
  }

  private static List<String> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writtenFilesHaveTheModeTheUsersUmaskGivesNot0600() throws Exception {
    Path plain = Files.createFile(tmp.resolve("plain"));
    Path written = tmp.resolve("report.html");
    AtomicFiles.write(written, "<html/>".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.getPosixFilePermissions(written))
        .isEqualTo(Files.getPosixFilePermissions(plain));
  }
}
