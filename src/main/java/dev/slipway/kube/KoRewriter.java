package dev.slipway.kube;

import dev.slipway.core.UsageException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces the {@code ko://} references of a YAML stream with the images built for them, changing
 * nothing else: comments, key order, indentation, line endings and document markers keep their
 * bytes. ko re-encodes the whole document instead (ko's resolver.go), which loses all of those.
 *
 * <p>Each scalar keeps its style: {@code "ko://x"} becomes {@code "repo@sha256:..."}, {@code
 * 'ko://x'} becomes {@code 'repo@sha256:...'}, a plain scalar stays plain, and a block scalar keeps
 * its indicator line ({@code |}, {@code >-}, ...) and gets the image as its content line.
 */
public final class KoRewriter {
  /**
   * What an image reference may contain: the characters of a registry, repository, tag and digest.
   * None of them can end a plain scalar or start a comment, in block or in flow context.
   */
  private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]*");

  private KoRewriter() {}

  /**
   * {@code source}'s text with each reference replaced by {@code images.get(importPath)}.
   *
   * @param images the image reference ({@code registry/repo@sha256:...}) built for each import
   *     path, keyed by {@link KoImportPath#path()}
   * @throws UsageException if the text is not valid YAML, a reference is not valid, or a reference
   *     has no image; the message starts with {@code name:line:column}
   */
  public static String rewrite(YamlSource source, Map<String, String> images)
      throws UsageException {
    return rewrite(source, KoReferences.find(source), images);
  }

  /**
   * As {@link #rewrite(YamlSource, Map)}, with the references already found in {@code source} by
   * {@link KoReferences#find}.
   */
  public static String rewrite(
      YamlSource source, List<KoReference> references, Map<String, String> images)
      throws UsageException {
    String text = source.text();
    StringBuilder out = new StringBuilder(text.length() + 64 * references.size());
    int copied = 0;
    for (KoReference reference : references) {
      if (reference.start() < copied || reference.end() > text.length()) {
        throw new IllegalArgumentException(
            reference.place() + ": the references are not those of " + source.name());
      }
      String image = images.get(reference.importPath().path());
      if (image == null) {
        throw new UsageException(
            reference.place() + ": no image was built for " + reference.importPath().reference());
      }
      if (!IMAGE.matcher(image).matches() || image.endsWith(":")) {
        throw new IllegalArgumentException(
            reference.place() + ": '" + image + "' is not an image reference");
      }
      out.append(text, copied, reference.start()).append(written(image, reference.style()));
      copied = reference.end();
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** The image in the scalar's style; {@link #IMAGE} has no quote or backslash to escape. */
  private static String written(String image, KoReference.Style style) {
    return switch (style) {
      case PLAIN, LITERAL, FOLDED -> image;
      case SINGLE_QUOTED -> "'" + image + "'";
      case DOUBLE_QUOTED -> "\"" + image + "\"";
    };
  }
}
