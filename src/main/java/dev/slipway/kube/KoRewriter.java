package dev.slipway.kube;

import dev.slipway.core.UsageException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the {@code ko://} references of a YAML stream with the images built for them, changing
 * nothing else: comments, key order, indentation, line endings and document markers keep their
 * bytes. ko re-encodes the whole document instead (ko's resolver.go), which loses all of those.
 *
 * <p>Each scalar's value becomes exactly the image, as ko sets it. A flow scalar keeps its style:
 * {@code "ko://x"} becomes {@code "repo@sha256:..."}, {@code 'ko://x'} becomes {@code
 * 'repo@sha256:...'}, a plain scalar stays plain. A block scalar ({@code |}, {@code >-}, ...) would
 * add a line break to the value unless its chomping were changed, so it becomes a plain scalar
 * where its indicator was: {@code image: |} and the line below become {@code image:
 * repo@sha256:...}, with a comment after the indicator kept.
 */
public final class KoRewriter {
  /**
   * What an image reference may contain: the characters of a registry, repository, tag and digest.
   * None of them can end a plain scalar or start a comment, in block or in flow context.
   */
  private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]*");

  /** A block scalar's header: its indicator and the indentation and chomping indicators. */
  private static final Pattern BLOCK_HEADER = Pattern.compile("[|>][1-9+-]*");

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
    Selection all = Selection.all(source);
    return rewrite(all, KoReferences.find(all), images);
  }

  /**
   * The text {@code selection} keeps, with each of {@code references} (found in it by {@link
   * KoReferences#find(Selection)}) replaced by {@code images.get(importPath)}.
   *
   * @throws UsageException if a reference has no image
   */
  public static String rewrite(
      Selection selection, List<KoReference> references, Map<String, String> images)
      throws UsageException {
    YamlSource source = selection.source();
    String text = source.text();
    record Edit(int start, int end, String replacement) {}
    List<Edit> edits = new ArrayList<>();
    for (Selection.Span span : selection.dropped()) {
      edits.add(new Edit(span.start(), span.end(), ""));
    }
    for (KoReference reference : references) {
      if (reference.end() > text.length() || !selection.keeps(reference.start())) {
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
      String covered = text.substring(reference.start(), reference.end());
      edits.add(
          new Edit(reference.start(), reference.end(), written(image, reference.style(), covered)));
    }
    edits.sort(Comparator.comparingInt(Edit::start));
    StringBuilder out = new StringBuilder(text.length() + 64 * references.size());
    int copied = 0;
    for (Edit edit : edits) {
      if (edit.start() < copied) {
        throw new IllegalArgumentException("the references are not those of " + source.name());
      }
      out.append(text, copied, edit.start()).append(edit.replacement());
      copied = edit.end();
    }
    return out.append(text, copied, text.length()).toString();
  }

  /**
   * The image in the scalar's style; {@link #IMAGE} has no quote or backslash to escape.
   *
   * @param covered the text the reference covers
   */
  private static String written(String image, KoReference.Style style, String covered) {
    return switch (style) {
      case PLAIN -> image;
      case SINGLE_QUOTED -> "'" + image + "'";
      case DOUBLE_QUOTED -> "\"" + image + "\"";
      case LITERAL, FOLDED -> {
        Matcher header = BLOCK_HEADER.matcher(covered);
        if (!header.lookingAt()) {
          throw new IllegalArgumentException("'" + covered + "' is not a block scalar");
        }
        // What follows the header on its line is white space and perhaps a comment.
        yield image + covered.substring(header.end(), TextLines.lineEnd(covered, header.end()));
      }
    };
  }
}
