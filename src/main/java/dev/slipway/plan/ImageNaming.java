package dev.slipway.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How a target's repository follows from the push repository. Slipway's own rule pushes one target
 * to the repository itself and several to {@code repo/<name>}; the others are ko's, so that
 * references made by ko keep working. ko lowercases the import path first, as registries want.
 */
public enum ImageNaming {
  /** The repository for one target, {@code repo/<name>} for several. */
  SLIPWAY,
  /** ko's default: {@code repo/<last element>-<md5 of the import path>}. */
  KO_MD5,
  /** ko's {@code -B/--base-import-paths}: {@code repo/<last element>}. */
  BASE_IMPORT_PATHS,
  /** ko's {@code -P/--preserve-import-paths}: {@code repo/<import path>}. */
  PRESERVE_IMPORT_PATHS,
  /** ko's {@code --bare}: the repository itself, for every target. */
  BARE;

  /**
   * The repository path (without registry) of a target.
   *
   * @param repository the push repository's path
   */
  public String repository(String repository, String name, String importPath, int targetCount) {
    String path = importPath.toLowerCase(Locale.ROOT);
    String last = path.substring(path.lastIndexOf('/') + 1);
    return switch (this) {
      case SLIPWAY -> targetCount > 1 ? repository + "/" + name : repository;
      case KO_MD5 -> repository + "/" + last + "-" + md5(path);
      case BASE_IMPORT_PATHS -> repository + "/" + last;
      case PRESERVE_IMPORT_PATHS -> repository + "/" + path;
      case BARE -> repository;
    };
  }

  private static String md5(String text) {
    try {
      // Not for security: ko's names use it, and matching them is the point.
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }
}
