package dev.slipway.cli;

import dev.slipway.core.AtomicFiles;
import dev.slipway.record.BuildSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** ko's {@code --image-refs}: each built image's reference, one per line, in target order. */
final class ImageRefs {
  private ImageRefs() {}

  /** A pushed image by its pushed reference; one not pushed as {@code name@digest}. */
  static void write(Path file, BuildSummary summary) throws IOException {
    StringBuilder out = new StringBuilder();
    for (BuildSummary.TargetResult t : summary.targets()) {
      out.append(t.image().isEmpty() ? t.name() + "@" + t.digest() : t.image()).append('\n');
    }
    AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
  }
}
