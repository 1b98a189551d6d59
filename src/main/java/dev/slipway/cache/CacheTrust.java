package dev.slipway.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Which remote action records a build may believe. Anyone who can write to a shared cache can put a
 * different object file under an action ID a release build will use; so trusted writers (release
 * and main-branch jobs) hold a key nobody else has, tag each record they write with an HMAC-SHA256
 * over its action key, output ID, body digest, size and their own name, and, while they hold the
 * key, take from a remote only records whose tag is valid. The body needs no tag of its own: it is
 * content-addressed and checked against the digest the tagged record names.
 *
 * <p>Without a key ({@link #NONE}) nothing changes: records are written untagged and every record
 * is used, tagged or not. The key is never printed: not by {@link #toString}, not in any message.
 */
public final class CacheTrust {
  /** The key itself, for CI systems that hand secrets over as variables. */
  public static final String KEY_ENV = "SLIPWAY_CACHE_TRUST_KEY";

  /** An absolute path to a file holding the key (a line end after it is not part of it). */
  public static final String KEY_FILE_ENV = "SLIPWAY_CACHE_TRUST_KEY_FILE";

  /** The name a trusted writer's records carry, for example the CI job's. */
  public static final String WRITER_ENV = "SLIPWAY_CACHE_WRITER";

  public static final String DEFAULT_WRITER = "trusted";

  /** How lineage counts name actions whose record carried no writer. */
  public static final String UNTAGGED = "untagged";

  /** Fewer bytes than this would be guessable; {@code openssl rand -hex 32} gives 64. */
  static final int MIN_KEY_BYTES = 16;

  /** Keeps a key file from being mistaken for something large. */
  private static final long MAX_KEY_FILE_BYTES = 4096;

  private static final String TOO_SHORT =
      "the cache trust key is too short: use at least " + MIN_KEY_BYTES + " bytes";

  private static final String ALGORITHM = "HmacSHA256";
  private static final String TAG_PREFIX = "hmac-sha256:";
  private static final byte[] DOMAIN = "slipway action tag v1".getBytes(StandardCharsets.UTF_8);

  /** No key: records are written untagged and all of them are used. */
  public static final CacheTrust NONE = new CacheTrust(null, null);

  private final SecretKeySpec key;
  private final String writer;

  private CacheTrust(SecretKeySpec key, String writer) {
    this.key = key;
    this.writer = writer;
  }

  /** Trust with {@code key}, writing as {@code writer}. */
  public static CacheTrust of(byte[] key, String writer) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(TOO_SHORT);
    }
    if (writer.equals(UNTAGGED)) {
      throw new IllegalArgumentException("'" + UNTAGGED + "' names untagged records, not a writer");
    }
    return new CacheTrust(new SecretKeySpec(key, ALGORITHM), ActionRecord.checkWriter(writer));
  }

  /**
   * The trust {@code env} configures: {@value #KEY_ENV} or {@value #KEY_FILE_ENV} (not both), and
   * {@value #WRITER_ENV} (default {@value #DEFAULT_WRITER}); {@link #NONE} without a key.
   *
   * @throws IllegalArgumentException naming the variable (never the key) when the configuration is
   *     unusable
   */
  public static CacheTrust fromEnvironment(Map<String, String> env) {
    String inline = env.getOrDefault(KEY_ENV, "");
    String file = env.getOrDefault(KEY_FILE_ENV, "");
    if (inline.isEmpty() && file.isEmpty()) {
      return NONE;
    }
    if (!inline.isEmpty() && !file.isEmpty()) {
      throw new IllegalArgumentException("set " + KEY_ENV + " or " + KEY_FILE_ENV + ", not both");
    }
    byte[] key;
    String source;
    if (file.isEmpty()) {
      key = withoutLineEnd(inline.getBytes(StandardCharsets.UTF_8));
      source = KEY_ENV;
    } else {
      key = readKeyFile(file);
      source = KEY_FILE_ENV + " (" + file + ")";
    }
    try {
      if (key.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException(source + ": " + TOO_SHORT);
      }
      String writer = env.getOrDefault(WRITER_ENV, "").strip();
      try {
        return of(key, writer.isEmpty() ? DEFAULT_WRITER : writer);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(WRITER_ENV + ": " + e.getMessage(), e);
      }
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] readKeyFile(String name) {
    Path path = Path.of(name);
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException(
          KEY_FILE_ENV + " (" + name + "): name the key file by an absolute path");
    }
    try {
      if (Files.size(path) > MAX_KEY_FILE_BYTES) {
        throw new IllegalArgumentException(
            KEY_FILE_ENV + " (" + name + "): not a key: over " + MAX_KEY_FILE_BYTES + " bytes");
      }
      return withoutLineEnd(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          KEY_FILE_ENV + " (" + name + "): cannot read it (" + e.getClass().getSimpleName() + ")",
          e);
    }
  }

  /**
   * The key without the line end {@code echo} or an editor leaves, given in a file or a variable
   * alike (so the same text is the same key either way); clears what it was given.
   */
  private static byte[] withoutLineEnd(byte[] bytes) {
    int end = bytes.length;
    while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
      end--;
    }
    byte[] key = Arrays.copyOf(bytes, end);
    Arrays.fill(bytes, (byte) 0);
    return key;
  }

  /** Whether this build holds a key: then it tags what it writes and checks what it reads. */
  public boolean hasKey() {
    return key != null;
  }

  /** The name this build's records carry; empty without a key. */
  public String writer() {
    return writer == null ? "" : writer;
  }

  /**
   * Whether a remote's record of {@code actionKey} may be used: always without a key; with one,
   * only when it carries a valid tag for exactly this action key and these fields.
   */
  boolean admits(String actionKey, ActionRecord record) {
    if (key == null) {
      return true;
    }
    if (!record.isTagged()) {
      return false;
    }
    byte[] given = HexFormat.of().parseHex(record.tag().substring(TAG_PREFIX.length()));
    return MessageDigest.isEqual(mac(actionKey, record, record.writer()), given);
  }

  /**
   * The record as this build writes it to a remote: unchanged without a key, or when it already has
   * a valid tag (another trusted writer's, which stays its lineage); otherwise tagged with this
   * writer's name.
   */
  ActionRecord seal(String actionKey, ActionRecord record) {
    if (key == null || admits(actionKey, record)) {
      return record;
    }
    return record.tagged(
        writer, TAG_PREFIX + HexFormat.of().formatHex(mac(actionKey, record, writer)));
  }

  /**
   * HMAC-SHA256 over a canonical encoding: a domain string, then each field as a 4-byte length and
   * its UTF-8 bytes, so no two different field lists encode alike. The time is left out: it says
   * when, not what.
   */
  private byte[] mac(String actionKey, ActionRecord record, String writerName) {
    ByteArrayOutputStream message = new ByteArrayOutputStream(256);
    message.writeBytes(DOMAIN);
    for (String field :
        new String[] {
          actionKey,
          record.outputId().toString(),
          record.blob().toString(),
          Long.toString(record.size()),
          writerName
        }) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      message.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
      message.writeBytes(bytes);
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(message.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + ALGORITHM, e); // every JDK has it
    }
  }

  @Override
  public String toString() {
    return key == null ? "CacheTrust[none]" : "CacheTrust[writer=" + writer + ", key hidden]";
  }
}
