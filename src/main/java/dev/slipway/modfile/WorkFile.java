package dev.slipway.modfile;

import dev.slipway.core.UsageException;
import dev.slipway.modfile.Syntax.Block;
import dev.slipway.modfile.Syntax.Line;
import dev.slipway.modfile.Syntax.Stmt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The module directories a go.work uses, read with go.mod's lexer and parser (go.work has the same
 * syntax). Only {@code use} is interpreted; {@code go}, {@code toolchain}, {@code godebug} and
 * {@code replace} are accepted as they are, and any other directive is go's error.
 *
 * @param uses each {@code use} directory as written (relative to the go.work's directory, or
 *     absolute), in file order
 */
public record WorkFile(List<String> uses) {
  private static final List<String> VERBS = List.of("go", "toolchain", "godebug", "use", "replace");

  public WorkFile {
    uses = List.copyOf(uses);
  }

  /**
   * Reads and parses a go.work file; errors name the file as given, at go's {@code file:line}.
   *
   * @throws UsageException if the file is unreadable or not valid go.work syntax
   */
  public static WorkFile parse(Path file) throws UsageException {
    return parse(file.toString(), SyntaxReader.readFile(file));
  }

  /** Parses go.work content; every error is reported, one per line. */
  public static WorkFile parse(String name, byte[] content) throws UsageException {
    List<String> uses = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Stmt stmt : SyntaxReader.read(name, content)) {
      if (stmt instanceof Line line) {
        directive(name, line, line.tokens().get(0), line.tokens().subList(1, line.tokens().size()))
            .ifPresent(errors::add);
        if (line.tokens().get(0).equals("use") && line.tokens().size() == 2) {
          use(name, line, line.tokens().get(1), uses, errors);
        }
      } else if (stmt instanceof Block block) {
        String verb = block.tokens().get(0);
        if (block.tokens().size() > 1 || !VERBS.contains(verb)) {
          errors.add(
              block.start().prefix(name)
                  + "unknown block type: "
                  + String.join(" ", block.tokens()));
          continue;
        }
        for (Line line : block.lines()) {
          directive(name, line, verb, line.tokens()).ifPresent(errors::add);
          if (verb.equals("use") && line.tokens().size() == 1) {
            use(name, line, line.tokens().get(0), uses, errors);
          }
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new UsageException(String.join("\n", errors));
    }
    return new WorkFile(uses);
  }

  /** go's complaint about a directive's verb or argument count, if any. */
  private static java.util.Optional<String> directive(
      String name, Line line, String verb, List<String> args) {
    if (!VERBS.contains(verb)) {
      return java.util.Optional.of(line.start().prefix(name) + "unknown directive: " + verb);
    }
    if (verb.equals("use") && args.size() != 1) {
      return java.util.Optional.of(line.start().prefix(name) + "usage: use local/dir");
    }
    return java.util.Optional.empty();
  }

  private static void use(
      String name, Line line, String token, List<String> uses, List<String> errors) {
    if (token.startsWith("\"")) {
      try {
        uses.add(GoText.unquote(token));
      } catch (GoText.SyntaxError e) {
        errors.add(line.start().prefix(name) + "invalid quoted string: " + e.getMessage());
      }
    } else {
      uses.add(token);
    }
  }
}
