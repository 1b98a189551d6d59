package dev.slipway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IoErrorsTest {
  @Test
  void anAccessDeniedFileIsNamedWithTheReason() {
    assertThat(IoErrors.describe(new AccessDeniedException("/src/main.go")))
        .isEqualTo("/src/main.go: permission denied");
    assertThat(IoErrors.describe(new NoSuchFileException("/src/gone.go")))
        .isEqualTo("/src/gone.go: no such file or directory");
  }

  @Test
  void aReasonTheSystemGaveIsKept() {
    assertThat(IoErrors.describe(new FileSystemException("/a", "/b", "Not a directory")))
        .isEqualTo("/a -> /b: Not a directory");
  }

  @Test
  void aDiskFullWriteNamesTheFileItWasWriting() {
    OutputStream full =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("No space left on device");
          }
        };
    Path file = Path.of("/cache/layers/blobs/sha256/abc");
    assertThatThrownBy(() -> IoErrors.naming(file, full).write(new byte[] {1, 2}))
        .isInstanceOfSatisfying(
            IOException.class,
            e ->
                assertThat(IoErrors.describe(e))
                    .isEqualTo("/cache/layers/blobs/sha256/abc: No space left on device"));
  }

  @Test
  void anExceptionThatAlreadyNamesAFileIsLeftAlone() {
    AccessDeniedException denied = new AccessDeniedException("/x");
    assertThat(IoErrors.naming(Path.of("/y"), denied)).isSameAs(denied);
  }

  @Test
  void writesThatSucceedPassThrough() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = IoErrors.naming(Path.of("/z"), bytes)) {
      out.write(new byte[] {1, 2, 3});
      out.write(4);
    }
    assertThat(bytes.toByteArray()).containsExactly(1, 2, 3, 4);
  }
}
