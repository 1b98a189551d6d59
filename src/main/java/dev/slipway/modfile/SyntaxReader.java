package dev.slipway.modfile;

import dev.slipway.core.UsageException;
import dev.slipway.modfile.Syntax.Block;
import dev.slipway.modfile.Syntax.Line;
import dev.slipway.modfile.Syntax.Pos;
import dev.slipway.modfile.Syntax.Stmt;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The go.mod lexer and parser, a port of golang.org/x/mod/modfile/read.go: the same tokens, the
 * same comment attachment (as far as directives read it) and the same syntax errors at the same
 * positions.
 */
final class SyntaxReader {
  private static final int EOF = -1;
  private static final int EOL_COMMENT = -2;
  private static final int IDENT = -3;
  private static final int STRING = -4;
  private static final int COMMENT = -5;

  private record Token(int kind, Pos pos, String text) {
    boolean isEol() {
      return kind == EOF || kind == EOL_COMMENT || kind == '\n';
    }
  }

  private final String file;
  private final byte[] data;
  private int offset;
  private int line = 1;
  private int column = 1;
  private Token token;

  private SyntaxReader(String file, byte[] data) {
    this.file = file;
    this.data = data;
  }

  /** A go.mod or go.work file's bytes; one that cannot be read is bad input naming it. */
  static byte[] readFile(java.nio.file.Path file) throws UsageException {
    try {
      return java.nio.file.Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses the file into statements; a syntax error is a {@link UsageException}. */
  static List<Stmt> read(String file, byte[] data) throws UsageException {
    SyntaxReader in = new SyntaxReader(file, data);
    try {
      in.readToken();
      return in.parseFile();
    } catch (Stop e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** Ends the parse at the first syntax error, as go's parser does. */
  private static final class Stop extends RuntimeException {
    Stop(String message) {
      super(message, null, false, false);
    }
  }

  private Stop error(String message) {
    return new Stop(new Pos(line, column).prefix(file) + message);
  }

  // ---- lexer ----

  /** utf8.DecodeRune: the rune at offset and its length; invalid UTF-8 is U+FFFD, one byte. */
  private long decode(int at) {
    int b0 = data[at] & 0xFF;
    if (b0 < 0x80) {
      return pack(b0, 1);
    }
    int n;
    int lo = 0x80;
    int hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      n = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      n = 3;
      lo = b0 == 0xE0 ? 0xA0 : 0x80;
      hi = b0 == 0xED ? 0x9F : 0xBF;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      n = 4;
      lo = b0 == 0xF0 ? 0x90 : 0x80;
      hi = b0 == 0xF4 ? 0x8F : 0xBF;
    } else {
      return pack(0xFFFD, 1);
    }
    if (at + n > data.length) {
      return pack(0xFFFD, 1);
    }
    int r = b0 & (0xFF >> (n + 1));
    for (int k = 1; k < n; k++) {
      int b = data[at + k] & 0xFF;
      if (k == 1 ? b < lo || b > hi : b < 0x80 || b > 0xBF) {
        return pack(0xFFFD, 1);
      }
      r = (r << 6) | (b & 0x3F);
    }
    return pack(r, n);
  }

  private static long pack(int rune, int size) {
    return ((long) rune << 8) | size;
  }

  private boolean eof() {
    return offset >= data.length;
  }

  private int peekRune() {
    return eof() ? 0 : (int) (decode(offset) >>> 8);
  }

  private boolean peekPrefix(String prefix) {
    for (int i = 0; i < prefix.length(); i++) {
      if (offset + i >= data.length || data[offset + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private int readRune() {
    long d = decode(offset);
    int r = (int) (d >>> 8);
    offset += (int) (d & 0xFF);
    if (r == '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
    return r;
  }

  private Token lex() {
    Token t = token;
    readToken();
    return t;
  }

  private void readToken() {
    while (!eof()) {
      int c = peekRune();
      if (c == ' ' || c == '\t' || c == '\r') {
        readRune();
        continue;
      }
      if (peekPrefix("//")) {
        int start = offset;
        Pos pos = new Pos(line, column);
        // A comment after other text on its line belongs to that line (a suffix comment).
        int lineStart = start;
        while (lineStart > 0 && data[lineStart - 1] != '\n') {
          lineStart--;
        }
        boolean suffix =
            !GoText.trimSpace(text(lineStart, start)).isEmpty(); // bytes.TrimSpace, same effect
        readRune();
        readRune();
        while (!eof() && readRune() != '\n') {
          // consume the comment and its newline
        }
        String text = text(start, offset);
        text = text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : strip(text);
        token = new Token(suffix ? EOL_COMMENT : COMMENT, pos, text);
        return;
      }
      if (peekPrefix("/*")) {
        throw error("mod files must use // comments (not /* */ comments)");
      }
      break;
    }
    int start = offset;
    Pos pos = new Pos(line, column);
    if (eof()) {
      token = new Token(EOF, pos, "");
      return;
    }
    int c = peekRune();
    switch (c) {
      case '\n', '(', ')', '[', ']', '{', '}', ',' -> {
        readRune();
        token = new Token(c, pos, text(start, offset));
        return;
      }
      case '"', '`' -> {
        readRune();
        while (true) {
          if (eof()) {
            line = pos.line();
            column = pos.column();
            throw error("unexpected EOF in string");
          }
          if (peekRune() == '\n') {
            throw error("unexpected newline in string");
          }
          int r = readRune();
          if (r == c) {
            break;
          }
          if (r == '\\' && c != '`') {
            if (eof()) {
              line = pos.line();
              column = pos.column();
              throw error("unexpected EOF in string");
            }
            readRune();
          }
        }
        token = new Token(STRING, pos, text(start, offset));
        return;
      }
      default -> {}
    }
    if (!isIdent(c)) {
      throw error("unexpected input character " + GoText.quoteRune(c));
    }
    while (!eof() && isIdent(peekRune())) {
      if (peekPrefix("//")) {
        break;
      }
      if (peekPrefix("/*")) {
        throw error("mod files must use // comments (not /* */ comments)");
      }
      readRune();
    }
    token = new Token(IDENT, pos, text(start, offset));
  }

  private static String strip(String comment) {
    return comment.endsWith("\n") ? comment.substring(0, comment.length() - 1) : comment;
  }

  private String text(int from, int to) {
    return new String(data, from, to - from, StandardCharsets.UTF_8);
  }

  private static boolean isIdent(int c) {
    return switch (c) {
      case ' ', '(', ')', '[', ']', '{', '}', ',' -> false;
      default -> !GoText.isSpace(c) && GoText.isPrint(c);
    };
  }

  // ---- parser ----

  private List<Stmt> parseFile() {
    List<Stmt> stmts = new ArrayList<>();
    List<String> comments = new ArrayList<>();
    while (true) {
      switch (token.kind()) {
        case '\n' -> {
          lex();
          comments = new ArrayList<>(); // a blank line ends a comment block
        }
        case COMMENT -> comments.add(lex().text());
        case EOF -> {
          return stmts;
        }
        default -> {
          stmts.add(parseStmt(List.copyOf(comments)));
          comments = new ArrayList<>();
        }
      }
    }
  }

  private Stmt parseStmt(List<String> before) {
    Token first = lex();
    List<String> tokens = new ArrayList<>(List.of(first.text()));
    while (true) {
      Token t = lex();
      if (t.isEol()) {
        return new Line(List.copyOf(tokens), first.pos(), before, suffix(t));
      }
      if (t.kind() == '(') {
        if (token.isEol()) {
          return parseBlock(tokens, first.pos(), before);
        } else if (token.kind() == ')') {
          Token rparen = lex();
          if (token.isEol()) {
            lex();
            return new Block(List.copyOf(tokens), first.pos(), before, List.of());
          }
          tokens.add(t.text());
          tokens.add(rparen.text());
        } else {
          tokens.add(t.text());
        }
      } else {
        tokens.add(t.text());
      }
    }
  }

  private Block parseBlock(List<String> tokens, Pos start, List<String> before) {
    List<Line> lines = new ArrayList<>();
    List<String> comments = new ArrayList<>();
    while (true) {
      switch (token.kind()) {
        case EOL_COMMENT -> lex();
        case '\n' -> {
          lex();
          if ((comments.isEmpty() && !lines.isEmpty())
              || (!comments.isEmpty() && !comments.get(comments.size() - 1).isEmpty())) {
            comments.add(""); // a blank line, which go keeps as an empty comment
          }
        }
        case COMMENT -> comments.add(lex().text());
        case EOF ->
            throw error(
                "syntax error (unterminated block started at "
                    + file
                    + ":"
                    + start.line()
                    + ":"
                    + start.column()
                    + ")");
        case ')' -> {
          lex();
          if (!token.isEol()) {
            throw error("syntax error (expected newline after closing paren)");
          }
          lex();
          return new Block(List.copyOf(tokens), start, before, List.copyOf(lines));
        }
        default -> {
          lines.add(parseLine(List.copyOf(comments)));
          comments = new ArrayList<>();
        }
      }
    }
  }

  private Line parseLine(List<String> before) {
    Token first = lex();
    List<String> tokens = new ArrayList<>(List.of(first.text()));
    while (true) {
      Token t = lex();
      if (t.isEol()) {
        return new Line(List.copyOf(tokens), first.pos(), before, suffix(t));
      }
      tokens.add(t.text());
    }
  }

  private static String suffix(Token eol) {
    return eol.kind() == EOL_COMMENT ? eol.text() : null;
  }
}
