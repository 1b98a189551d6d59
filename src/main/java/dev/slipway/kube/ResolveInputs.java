package dev.slipway.kube;

import dev.slipway.core.IoErrors;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The YAML streams {@code resolve -f} reads, in the order ko reads and prints them (ko's
 * filestuff.go, {@code EnumerateFiles}): each {@code -f} in turn; {@code -} is standard input; a
 * file is read whatever its name; a directory gives its files ending in {@code .yaml} or {@code
 * .json} (not {@code .yml}), in byte order of their names, and with {@code recursive} the same from
 * its subdirectories, depth first, each where its name sorts among the files. Hidden files count.
 *
 * <p>Where this differs from ko: a directory named by a symbolic link is read as the directory (ko
 * walks with {@code filepath.Walk}, which does not follow a link at the root, and then fails to
 * read the directory as a file); links inside a directory are, as in ko, read when they end in
 * {@code .yaml} or {@code .json} and never walked into.
 */
public final class ResolveInputs {
  /** The {@code -f} value that means standard input. */
  public static final String STDIN = "-";

  /** The name standard input has in messages. */
  public static final String STDIN_NAME = "<stdin>";

  private ResolveInputs() {}

  /**
   * The files {@code filenames} stand for, in ko's order, named as given (a file of a directory as
   * the directory's name and its own); {@code -} stays as it is.
   *
   * @param dir what relative names are relative to: the working directory of the run, which is not
   *     always the JVM's
   * @throws UsageException if a name does not exist
   */
  public static List<String> enumerate(Path dir, List<String> filenames, boolean recursive)
      throws UsageException, IOException {
    List<String> files = new ArrayList<>();
    for (String filename : filenames) {
      if (filename.equals(STDIN)) {
        files.add(filename);
        continue;
      }
      Path path = dir.resolve(filename);
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        throw new UsageException(filename + ": no such file or directory");
      }
      if (Files.isDirectory(path)) {
        walk(path, Path.of(filename), recursive, files);
      } else {
        files.add(filename);
      }
    }
    return files;
  }

  /**
   * The text of each file {@code filenames} stand for, in ko's order; {@code -} reads {@code stdin}
   * (once: a second {@code -} finds it empty, as in ko).
   *
   * @param dir what relative names are relative to (see {@link #enumerate})
   * @throws UsageException if a name does not exist or a file is not UTF-8
   */
  public static List<YamlSource> read(
      Path dir, List<String> filenames, boolean recursive, InputStream stdin)
      throws UsageException, IOException {
    List<YamlSource> sources = new ArrayList<>();
    for (String file : enumerate(dir, filenames, recursive)) {
      if (file.equals(STDIN)) {
        sources.add(new YamlSource(STDIN_NAME, decode(STDIN_NAME, stdin.readAllBytes())));
      } else {
        Path path = dir.resolve(file);
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(path);
        } catch (IOException e) {
          throw IoErrors.naming(path, e);
        }
        sources.add(new YamlSource(file, decode(file, bytes)));
      }
    }
    return sources;
  }

  /** Adds the files under {@code dir} to {@code files}, named under {@code shown}. */
  private static void walk(Path dir, Path shown, boolean recursive, List<String> files)
      throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(entries::add);
    } catch (IOException e) {
      throw IoErrors.naming(dir, e);
    }
    entries.sort(
        Comparator.comparing(p -> p.getFileName().toString(), ResolveInputs::compareCodePoints));
    for (Path entry : entries) {
      BasicFileAttributes attributes;
      try {
        attributes =
            Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        throw IoErrors.naming(entry, e);
      }
      String name = entry.getFileName().toString();
      if (attributes.isDirectory()) {
        if (recursive) {
          walk(entry, shown.resolve(name), true, files);
        }
      } else if (name.endsWith(".yaml") || name.endsWith(".json")) {
        files.add(shown.resolve(name).toString());
      }
    }
  }

  /** Go sorts names by their UTF-8 bytes, which is the order of their code points. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /**
   * The text of {@code bytes}, which must be UTF-8: a byte that is not is an error rather than a
   * replacement character, so that the output has every byte of the input. (go-yaml also reads
   * UTF-16 with a byte order mark; Kubernetes YAML is UTF-8.)
   */
  private static String decode(String name, byte[] bytes) throws UsageException {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(in)
          .toString();
    } catch (CharacterCodingException e) {
      throw new UsageException(
          name + ": not UTF-8 (a bad byte sequence at byte " + in.position() + ")", e);
    }
  }
}
