package dev.slipway.cache;

import dev.slipway.core.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * What one compile action produced: go's output ID, the size and digest of the body, and when it
 * was stored; and, when a trusted writer stored it, that writer's name and its tag ({@link
 * CacheTrust}). Stored as a few lines of text, so a record is small and readable with redis-cli or
 * curl:
 *
 * <pre>
 * slipway-action v1
 * output sha256:...
 * blob sha256:...
 * size 1234
 * time 1763800000000
 * writer release          (only in a trusted writer's record)
 * tag hmac-sha256:...     (only in a trusted writer's record)
 * </pre>
 *
 * <p>Readers take the first five lines as they always have and ignore lines after them that they do
 * not know, so a later field needs no new version. Readers older than the writer and tag lines
 * expected exactly five lines: to them a trusted writer's record is unreadable, a miss.
 *
 * @param outputId the ID the go command gave the output
 * @param blob the SHA-256 of the body; the body is the blob {@code blobs/sha256/<hex>}
 * @param size the body's size in bytes
 * @param time when the action was first stored (go reports it for {@code go clean -cache})
 * @param writer the trusted writer that stored it, or null for an untagged record
 * @param tag the writer's tag over the record and its action key, or null for an untagged record
 */
public record ActionRecord(
    Digest outputId, Digest blob, long size, Instant time, String writer, String tag) {
  private static final String MAGIC = "slipway-action v1";

  /** Names that fit one line of a record, an OCI annotation and a JSON key alike. */
  private static final Pattern WRITER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,63}");

  private static final Pattern TAG = Pattern.compile("hmac-sha256:[0-9a-f]{64}");

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
    if ((writer == null) != (tag == null)) {
      throw new IllegalArgumentException("a record's writer and tag come together");
    }
    if (writer != null) {
      checkWriter(writer);
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("malformed tag in action record");
      }
    }
  }

  /** An untagged record, as every untrusted writer stores it. */
  public ActionRecord(Digest outputId, Digest blob, long size, Instant time) {
    this(outputId, blob, size, time, null, null);
  }

  /** This record with {@code writer}'s tag in place of any it had. */
  ActionRecord tagged(String writer, String tag) {
    return new ActionRecord(outputId, blob, size, time, writer, tag);
  }

  /** Whether a writer's name and tag came with the record (valid or not: see CacheTrust). */
  public boolean isTagged() {
    return writer != null;
  }

  /**
   * A writer's name, as {@code SLIPWAY_CACHE_WRITER} gives it: letters, digits and {@code ._/:@+-},
   * at most 64, not starting with punctuation.
   */
  static String checkWriter(String writer) {
    if (writer == null || !WRITER.matcher(writer).matches()) {
      throw new IllegalArgumentException(
          "invalid writer name (letters, digits and ._/:@+-, at most 64): " + writer);
    }
    return writer;
  }

  public byte[] encode() {
    StringBuilder text = new StringBuilder(MAGIC);
    text.append("\noutput ").append(outputId);
    text.append("\nblob ").append(blob);
    text.append("\nsize ").append(size);
    text.append("\ntime ").append(time.toEpochMilli()).append('\n');
    if (writer != null) {
      text.append("writer ").append(writer).append("\ntag ").append(tag).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Parses {@link #encode()}'s form; throws IllegalArgumentException for anything else. */
  public static ActionRecord parse(byte[] bytes) {
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
    if (lines.length < 5 || !lines[0].equals(MAGIC)) {
      throw new IllegalArgumentException("not a slipway action record");
    }
    String writer = null;
    String tag = null;
    for (int i = 5; i < lines.length; i++) {
      if (lines[i].startsWith("writer ")) {
        writer = field(lines[i], "writer");
      } else if (lines[i].startsWith("tag ")) {
        tag = field(lines[i], "tag");
      }
    }
    try {
      return new ActionRecord(
          Digest.parse(field(lines[1], "output")),
          Digest.parse(field(lines[2], "blob")),
          Long.parseLong(field(lines[3], "size")),
          Instant.ofEpochMilli(Long.parseLong(field(lines[4], "time"))),
          writer,
          tag);
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
