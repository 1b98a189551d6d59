package dev.slipway.cache;

import dev.slipway.core.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What one compile action produced: go's output ID, the size and digest of the body, and when it
 * was stored. Stored as a few lines of text, so a record is small and readable with redis-cli or
 * curl.
 *
 * @param outputId the ID the go command gave the output
 * @param blob the SHA-256 of the body; the body is the blob {@code blobs/sha256/<hex>}
 * @param size the body's size in bytes
 * @param time when the action was first stored (go reports it for {@code go clean -cache})
 */
public record ActionRecord(Digest outputId, Digest blob, long size, Instant time) {
  private static final String MAGIC = "slipway-action v1";

  public ActionRecord {
    if (outputId == null || blob == null || time == null) {
      throw new IllegalArgumentException("an action record needs an output ID, a blob and a time");
    }
    if (!blob.algorithm().equals("sha256")) {
      throw new IllegalArgumentException("action bodies are SHA-256 blobs, not " + blob);
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative body size: " + size);
    }
  }

  public byte[] encode() {
    return (MAGIC
            + "\noutput "
            + outputId
            + "\nblob "
            + blob
            + "\nsize "
            + size
            + "\ntime "
            + time.toEpochMilli()
            + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Parses {@link #encode()}'s form; throws IllegalArgumentException for anything else. */
  public static ActionRecord parse(byte[] bytes) {
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
    if (lines.length != 5 || !lines[0].equals(MAGIC)) {
      throw new IllegalArgumentException("not a slipway action record");
    }
    try {
      return new ActionRecord(
          Digest.parse(field(lines[1], "output")),
          Digest.parse(field(lines[2], "blob")),
          Long.parseLong(field(lines[3], "size")),
          Instant.ofEpochMilli(Long.parseLong(field(lines[4], "time"))));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number in action record", e);
    }
  }

  private static String field(String line, String name) {
    if (!line.startsWith(name + " ")) {
      throw new IllegalArgumentException("action record lacks '" + name + "'");
    }
    return line.substring(name.length() + 1);
  }
}
