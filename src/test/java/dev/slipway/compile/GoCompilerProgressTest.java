package dev.slipway.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class GoCompilerProgressTest {
  @Test
  void streamedStderrNamesEachCompiledPackageInOrderAndKeepsTheWholeText() {
    String stderr =
        "go: downloading example.com/dep v1.0.0\ninternal/goarch\r\nruntime\n# example.com/m/cgo\n"
            + "warning: x\nexample.com/m/lib\n\nexample.com/m/cmd/app";
    List<String> seen = new ArrayList<>();
    String text =
        GoCompiler.streamLines(
            new ByteArrayInputStream(stderr.getBytes(StandardCharsets.UTF_8)), seen::add);
    assertThat(seen)
        .containsExactly(
            "internal/goarch", "runtime", "example.com/m/lib", "example.com/m/cmd/app");
    assertThat(GoCompiler.compiledPackages(text)).isEqualTo(GoCompiler.compiledPackages(stderr));
    assertThat(GoCompiler.compiledPackages(text)).isEqualTo(seen);
    assertThat(text).contains("go: downloading example.com/dep v1.0.0\n", "warning: x\n");
  }

  /**
   * A go process's pipes are read on threads of their own: queued in a shared pool behind other
   * work, a reader could leave go blocked on a full pipe.
   */
  @Test
  void pipesAreReadOnTheirOwnThreads() throws Exception {
    List<String> readers = new CopyOnWriteArrayList<>();
    InputStream pipe =
        new FilterInputStream(new ByteArrayInputStream("ok".getBytes(StandardCharsets.UTF_8))) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            readers.add(Thread.currentThread().getName());
            return super.read(b, off, len);
          }
        };

    assertThat(GoCompiler.drain(pipe).get()).isEqualTo("ok");
    assertThat(readers).isNotEmpty().allMatch(name -> name.startsWith("slipway-go-pipe-"));
  }
}
