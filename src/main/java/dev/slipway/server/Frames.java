package dev.slipway.server;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The wire format between the launcher's client and the server: frames of one type byte, a
 * big-endian 32-bit length and that many bytes. The client sends one {@link #REQUEST}; the server
 * answers {@link #ACCEPTED} or {@link #REFUSED}, then {@link #STDOUT} and {@link #STDERR} frames as
 * the run writes them, then one {@link #EXIT}, and closes the connection. docs/architecture.md
 * describes the exchange; launcher/client/main.go is the other end.
 */
final class Frames {
  /** Client to server: the request as JSON ({@link Request}). */
  static final byte REQUEST = 'Q';

  /** The server will run the request; the payload is the server's version key. */
  static final byte ACCEPTED = 'H';

  /** The server will not run it (another version, a bad request); the payload says why. */
  static final byte REFUSED = 'R';

  static final byte STDOUT = 'O';
  static final byte STDERR = 'E';

  /** The run's exit code, a big-endian 32-bit integer. */
  static final byte EXIT = 'X';

  /** A request larger than this is refused rather than buffered (argv and environment fit). */
  static final int MAX_REQUEST = 16 << 20;

  private Frames() {}

  /** One frame. */
  record Frame(byte type, byte[] payload) {}

  /**
   * Reads one frame.
   *
   * @throws EOFException if the channel ends before a whole frame
   * @throws IOException if the frame is larger than {@code max}
   */
  static Frame read(ReadableByteChannel channel, int max) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(5);
    fill(channel, head);
    head.flip();
    byte type = head.get();
    int length = head.getInt();
    if (length < 0 || length > max) {
      throw new IOException("frame of " + Integer.toUnsignedString(length) + " bytes refused");
    }
    ByteBuffer payload = ByteBuffer.allocate(length);
    fill(channel, payload);
    return new Frame(type, payload.array());
  }

  /** Writes one frame, whole. */
  static void write(WritableByteChannel channel, byte type, byte[] payload, int off, int len)
      throws IOException {
    ByteBuffer head = ByteBuffer.allocate(5).put(type).putInt(len).flip();
    ByteBuffer body = ByteBuffer.wrap(payload, off, len);
    while (head.hasRemaining()) {
      channel.write(head);
    }
    while (body.hasRemaining()) {
      channel.write(body);
    }
  }

  static byte[] exitCode(int code) {
    return ByteBuffer.allocate(4).putInt(code).array();
  }

  private static void fill(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new EOFException("the connection ended within a frame");
      }
    }
  }
}
