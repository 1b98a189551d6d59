package dev.slipway.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:0123...}. Only SHA-256 is produced; others are parsed. */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
  private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*");
  private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern OTHER_HEX = Pattern.compile("[a-zA-Z0-9=_-]{32,}");

  /** The first 12 hex digits, as image tools show a digest to people. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  public Digest {
    if (algorithm == null || !ALGORITHM.matcher(algorithm).matches()) {
      throw new IllegalArgumentException("invalid digest algorithm: " + algorithm);
    }
    if (hex == null
        || !(algorithm.equals("sha256") ? SHA256_HEX : OTHER_HEX).matcher(hex).matches()) {
      throw new IllegalArgumentException("invalid " + algorithm + " digest value: " + hex);
    }
  }

  /** Parses {@code algorithm:hex}; throws IllegalArgumentException naming the bad input. */
  public static Digest parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("digest is missing");
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("invalid digest (expected sha256:<hex>): " + text);
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  public static Digest sha256(byte[] hash) {
    if (hash.length != 32) {
      throw new IllegalArgumentException("a SHA-256 hash has 32 bytes, not " + hash.length);
    }
    return new Digest("sha256", HexFormat.of().formatHex(hash));
  }

  public static Digest sha256Of(byte[] content) {
    return sha256(newSha256().digest(content));
  }

  /** The SHA-256 of a file's content, read once. */
  public static Digest sha256Of(Path file) throws IOException {
    MessageDigest sha256 = newSha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
      }
    }
    return sha256(sha256.digest());
  }

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides SHA-256", e);
    }
  }

  @Override
  public int compareTo(Digest other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
