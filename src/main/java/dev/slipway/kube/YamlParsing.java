package dev.slipway.kube;

import dev.slipway.core.UsageException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.Scanner;
import org.snakeyaml.engine.v2.scanner.ScannerImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.tokens.BlockEntryToken;
import org.snakeyaml.engine.v2.tokens.ScalarToken;
import org.snakeyaml.engine.v2.tokens.Token;

/**
 * One pass of SnakeYAML Engine's parser over a {@link YamlSource}, with marks on and the places of
 * the tokens that events do not carry, and its errors as {@link UsageException}s that start with
 * {@code name:line:column}.
 */
final class YamlParsing {
  final YamlSource source;
  final TextPositions positions;
  final Parser parser;
  private final MarkingScanner scanner;

  YamlParsing(YamlSource source) {
    this.source = source;
    this.positions = new TextPositions(source.text());
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(source.name())
            .setUseMarks(true)
            .setCodePointLimit(Integer.MAX_VALUE)
            .build();
    this.scanner =
        new MarkingScanner(new ScannerImpl(settings, new StreamReader(settings, source.text())));
    this.parser = new ParserImpl(settings, scanner);
  }

  /** The char index of {@code mark}. */
  int charIndex(Optional<Mark> mark) {
    return positions.charIndex(index(mark));
  }

  /**
   * The char index where the scalar token that ends at {@code end} starts. A scalar event's start
   * mark is that of its node, which includes an anchor or tag before the scalar ({@code &img
   * ko://app}); the token's start is the scalar's own. Both end at the same mark.
   */
  int scalarStart(Optional<Mark> end) {
    Integer start = scanner.scalarStartByEnd.get(index(end));
    if (start == null) {
      throw new IllegalStateException("no scalar token ends at code point " + index(end));
    }
    return positions.charIndex(start);
  }

  /**
   * The char index of the last block sequence entry ({@code -}) before {@code node}, the char index
   * of a block sequence item's start: the item's own entry, as no other token comes between the
   * two.
   */
  int entryBefore(int node) {
    Integer entry = scanner.blockEntries.lower(node);
    if (entry == null) {
      throw new IllegalStateException("no block sequence entry before char " + node);
    }
    return entry;
  }

  /** {@code e} as bad input, placed where the parser found the problem. */
  UsageException invalid(YamlEngineException e) {
    String name = source.name();
    if (e instanceof ReaderException reader) {
      int offset = positions.charIndex(reader.getPosition());
      return new UsageException(
          positions.place(name, offset)
              + ": not valid YAML: "
              + String.format("special character U+%04X is not allowed", reader.getCodePoint()),
          e);
    }
    if (!(e instanceof MarkedYamlEngineException marked)) {
      return new UsageException(name + ": not valid YAML: " + e.getMessage(), e);
    }
    StringBuilder message = new StringBuilder();
    Optional<Mark> problem = marked.getProblemMark();
    message.append(
        problem.isPresent()
            ? positions.place(name, positions.charIndex(problem.get().getIndex()))
            : name);
    message.append(": not valid YAML: ").append(marked.getProblem());
    if (marked.getContext() != null && marked.getContextMark().isPresent()) {
      int offset = positions.charIndex(marked.getContextMark().get().getIndex());
      message
          .append(" (")
          .append(marked.getContext())
          .append(" at ")
          .append(positions.line(offset))
          .append(':')
          .append(positions.column(offset))
          .append(')');
    }
    return new UsageException(message.toString(), e);
  }

  private static int index(Optional<Mark> mark) {
    return mark.orElseThrow(() -> new IllegalStateException("marks are on")).getIndex();
  }

  /** The scanner under the parser, noting where scalar tokens and block entries are. */
  private final class MarkingScanner implements Scanner {
    private final Scanner scanner;
    private final Map<Integer, Integer> scalarStartByEnd = new HashMap<>();
    private final TreeSet<Integer> blockEntries = new TreeSet<>();

    MarkingScanner(Scanner scanner) {
      this.scanner = scanner;
    }

    @Override
    public boolean checkToken(Token.ID... choices) {
      return scanner.checkToken(choices);
    }

    @Override
    public Token peekToken() {
      return scanner.peekToken();
    }

    @Override
    public Token next() {
      Token token = scanner.next();
      if (token instanceof ScalarToken) {
        scalarStartByEnd.put(index(token.getEndMark()), index(token.getStartMark()));
      } else if (token instanceof BlockEntryToken) {
        blockEntries.add(charIndex(token.getStartMark()));
      }
      return token;
    }

    @Override
    public boolean hasNext() {
      return scanner.hasNext();
    }

    @Override
    public void resetDocumentIndex() {
      scanner.resetDocumentIndex();
    }
  }
}
