package dev.slipway.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build ID of a binary the real go links, read from its first bytes as go writes it. */
@Tag("integration")
class GoBuildIdIntegrationTest {
  @TempDir Path dir;

  private Path link(String name, String... flags) throws Exception {
    Path module = dir.resolve("m");
    Files.createDirectories(module);
    Files.writeString(module.resolve("go.mod"), "module example.com/m\n\ngo 1.21\n");
    Files.writeString(module.resolve("main.go"), "package main\n\nfunc main() { println(1) }\n");
    List<String> command = new ArrayList<>(List.of("go", "build", "-trimpath"));
    command.addAll(List.of(flags));
    command.addAll(List.of("-o", dir.resolve(name).toString(), "."));
    ProcessBuilder pb = new ProcessBuilder(command).directory(module.toFile());
    pb.redirectErrorStream(true);
    Map<String, String> env = TestEnvironment.of(dir.resolve("env"));
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.environment().put("CGO_ENABLED", "0");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return dir.resolve(name);
  }

  @Test
  void aLinkedBinarysBuildIdEndsInTheContentIdItsBytesGive() throws Exception {
    Path binary = link("app");
    Optional<String> id = GoBuildId.read(binary);
    assertThat(id).isPresent();
    assertThat(id.get().split("/")).hasSize(4);
    assertThat(GoBuildId.problem(binary)).isNull();
    // A touch, as go gives a binary it found up to date, changes nothing the ID says.
    Files.setLastModifiedTime(binary, java.nio.file.attribute.FileTime.fromMillis(0));
    assertThat(GoBuildId.read(binary)).isEqualTo(id);
  }

  @Test
  void aBinaryWithoutGosOwnBuildIdHasNone() throws Exception {
    assertThat(GoBuildId.read(link("custom", "-ldflags=-buildid=custom"))).isEmpty();
    Path text = Files.writeString(dir.resolve("not-a-binary"), "#!/bin/sh\necho hi\n");
    assertThat(GoBuildId.read(text)).isEmpty();
  }
}
