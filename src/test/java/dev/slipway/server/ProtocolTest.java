package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolTest {
  @Test
  void framesRoundTripAndAnOversizedOrCutOneIsRefused() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
    Frames.write(Channels.newChannel(bytes), Frames.STDOUT, hello, 0, hello.length);
    Frames.write(Channels.newChannel(bytes), Frames.EXIT, Frames.exitCode(3), 0, 4);
    byte[] wire = bytes.toByteArray();
    var in = Channels.newChannel(new ByteArrayInputStream(wire));

    Frames.Frame out = Frames.read(in, 100);
    Frames.Frame exit = Frames.read(in, 100);

    assertThat(out.type()).isEqualTo(Frames.STDOUT);
    assertThat(out.payload()).isEqualTo(hello);
    assertThat(exit.type()).isEqualTo(Frames.EXIT);
    assertThat(exit.payload()).containsExactly(0, 0, 0, 3);
    assertThatThrownBy(() -> Frames.read(Channels.newChannel(new ByteArrayInputStream(wire)), 4))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("5 bytes refused");
    byte[] cut = Arrays.copyOf(wire, 7);
    assertThatThrownBy(() -> Frames.read(Channels.newChannel(new ByteArrayInputStream(cut)), 100))
        .isInstanceOf(EOFException.class);
  }

  @Test
  void aRequestIsReadAsTheClientWritesItAndHasATerminalOnlyWithStdinAndStdout() throws Exception {
    Request r =
        Request.parse(
            ("{\"version\":\"k\",\"argv\":[\"build\",\"-C\",\"x\"],\"env\":{\"HOME\":\"/h\"},"
                    + "\"cwd\":\"/w\",\"tty\":{\"stdin\":true,\"stdout\":true,\"stderr\":false},"
                    + "\"future\":1}")
                .getBytes(StandardCharsets.UTF_8));

    assertThat(r.version()).isEqualTo("k");
    assertThat(r.argv()).isEqualTo(List.of("build", "-C", "x"));
    assertThat(r.env()).isEqualTo(Map.of("HOME", "/h"));
    assertThat(r.workingDirectory()).isEqualTo(Path.of("/w"));
    assertThat(r.terminal()).isTrue();
    assertThat(r.stop()).isFalse();
    assertThat(
            new Request("k", null, null, "/w", new Request.Tty(false, true, true), false)
                .terminal())
        .isFalse();
    assertThatThrownBy(() -> new Request("k", null, null, "w", null, false).workingDirectory())
        .isInstanceOf(IOException.class);
  }
}
