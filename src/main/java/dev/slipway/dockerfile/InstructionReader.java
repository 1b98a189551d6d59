package dev.slipway.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.dockerfile.Instruction.CommandLine;
import dev.slipway.dockerfile.Instruction.KeyValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the arguments of one instruction by its own rules, as BuildKit's line parsers do: JSON
 * (exec) or shell form for {@code RUN}, {@code CMD}, {@code ENTRYPOINT}; JSON or whitespace lists
 * for {@code COPY} and {@code ADD}; quote-aware pairs for {@code ENV}, {@code LABEL}, {@code ARG}.
 * Quotes stay in the values: {@link Stages} removes them as it substitutes variables.
 */
final class InstructionReader {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern WHITESPACE = Pattern.compile("[\\t\\u000B\\f\\r ]+");
  private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");

  private final String file;
  private final char escape;

  InstructionReader(String file, char escape) {
    this.file = file;
    this.escape = escape;
  }

  Instruction read(RawInstruction raw) throws DockerfileException {
    try {
      return read(raw.line(), raw.keyword().toUpperCase(Locale.ROOT), raw);
    } catch (WordSyntaxException e) {
      throw new DockerfileException(file, raw.line(), e.getMessage());
    }
  }

  private Instruction read(int line, String keyword, RawInstruction raw)
      throws WordSyntaxException {
    String args = raw.arguments();
    if (!keyword.equals("RUN")
        && !keyword.equals("FROM")
        && !keyword.equals("COPY")
        && !keyword.equals("ADD")
        && !keyword.equals("HEALTHCHECK")) {
      noFlags(raw);
    }
    return switch (keyword) {
      case "FROM" -> from(line, raw);
      case "ARG" -> new Instruction.Arg(line, arg(keyword, args));
      case "ENV" -> new Instruction.Env(line, nameValues(keyword, args));
      case "LABEL" -> new Instruction.Label(line, nameValues(keyword, args));
      case "WORKDIR" -> new Instruction.Workdir(line, exactlyOne(keyword, args));
      case "USER" -> new Instruction.User(line, exactlyOne(keyword, args));
      case "EXPOSE" -> new Instruction.Expose(line, atLeastOne(keyword, split(args)));
      case "COPY", "ADD" -> copy(line, keyword.equals("ADD"), raw);
      case "RUN" -> run(line, raw);
      case "CMD" -> new Instruction.Cmd(line, command(args));
      case "ENTRYPOINT" -> new Instruction.Entrypoint(line, command(args));
      case "HEALTHCHECK" -> {
        new BuilderFlags()
            .strings("interval", "timeout", "start-period", "start-interval", "retries")
            .parse(raw.flags());
        yield new Instruction.Other(line, keyword, atLeastOneText(keyword, args));
      }
      case "SHELL" -> {
        if (jsonArray(args) == null) {
          throw new WordSyntaxException(
              "SHELL requires the arguments to be in JSON form: SHELL [\"executable\", ...]");
        }
        yield new Instruction.Other(line, keyword, args);
      }
      case "ONBUILD" -> {
        String trigger = WHITESPACE.split(atLeastOneText(keyword, args), 2)[0];
        if (List.of("ONBUILD", "FROM", "MAINTAINER").contains(trigger.toUpperCase(Locale.ROOT))) {
          throw new WordSyntaxException(trigger + " isn't allowed as an ONBUILD trigger");
        }
        yield new Instruction.Other(line, keyword, args);
      }
      case "VOLUME", "STOPSIGNAL", "MAINTAINER" ->
          new Instruction.Other(line, keyword, atLeastOneText(keyword, args));
      default -> throw new WordSyntaxException("unknown instruction: " + raw.keyword());
    };
  }

  private Instruction run(int line, RawInstruction raw) throws WordSyntaxException {
    BuilderFlags flags =
        new BuilderFlags()
            .repeated("mount", "device")
            .strings("network", "security")
            .parse(raw.flags());
    return new Instruction.Run(
        line,
        flags.all("mount"),
        flags.string("network"),
        flags.string("security"),
        command(raw.arguments()),
        raw.heredocs());
  }

  private Instruction from(int line, RawInstruction raw) throws WordSyntaxException {
    BuilderFlags flags = new BuilderFlags().strings("platform").parse(raw.flags());
    List<String> args = split(raw.arguments());
    String stage = null;
    if (args.size() == 3 && args.get(1).equalsIgnoreCase("AS")) {
      stage = args.get(2).toLowerCase(Locale.ROOT);
      if (!STAGE_NAME.matcher(stage).matches()) {
        throw new WordSyntaxException(
            "invalid name for build stage: \""
                + args.get(2)
                + "\", name can't start with a number or contain symbols");
      }
    } else if (args.size() != 1) {
      throw new WordSyntaxException("FROM requires either one or three arguments");
    }
    return new Instruction.From(line, args.get(0), stage, flags.string("platform"));
  }

  private Instruction copy(int line, boolean add, RawInstruction raw) throws WordSyntaxException {
    String keyword = add ? "ADD" : "COPY";
    BuilderFlags flags =
        new BuilderFlags().strings("chown", "chmod").booleans("link").repeated("exclude");
    if (add) {
      flags.strings("checksum").booleans("keep-git-dir", "unpack");
    } else {
      flags.strings("from").booleans("parents");
    }
    flags.parse(raw.flags());
    List<String> json = jsonArray(raw.arguments());
    List<String> args = json != null ? json : split(raw.arguments());
    if (args.size() < 2) {
      throw new WordSyntaxException(
          keyword
              + " requires at least two arguments, but only one was provided."
              + " Destination could not be determined");
    }
    String destination = args.get(args.size() - 1);
    if (DockerfileParser.heredocMarker(destination) != null) {
      throw new WordSyntaxException(keyword + " cannot accept a heredoc as a destination");
    }
    Map<String, Heredoc> byName = new HashMap<>();
    raw.heredocs().forEach(h -> byName.put(h.name(), h));
    List<String> sources = new ArrayList<>();
    List<Heredoc> inline = new ArrayList<>();
    for (String source : args.subList(0, args.size() - 1)) {
      Heredoc marker = json == null ? DockerfileParser.heredocMarker(source) : null;
      if (marker != null && byName.containsKey(marker.name())) {
        inline.add(byName.get(marker.name()));
      } else {
        sources.add(source);
      }
    }
    return new Instruction.Copy(
        line,
        add,
        add ? null : flags.string("from"),
        flags.string("chown"),
        flags.string("chmod"),
        flags.isSet("link"),
        !add && flags.isSet("parents"),
        flags.all("exclude"),
        sources,
        destination,
        inline);
  }

  private static CommandLine command(String args) throws WordSyntaxException {
    List<String> json = jsonArray(args);
    if (json != null) {
      return new CommandLine(true, json);
    }
    return new CommandLine(false, args.isEmpty() ? List.of() : List.of(args));
  }

  /**
   * The strings of a JSON array, or null when {@code text} is not one (then it is the shell form).
   * An array holding anything but strings is an error, as in BuildKit.
   */
  static List<String> jsonArray(String text) throws WordSyntaxException {
    String trimmed = text.stripLeading();
    if (!trimmed.startsWith("[")) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readTree(trimmed);
    } catch (JsonProcessingException e) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        throw new WordSyntaxException(
            "when using JSON array syntax, arrays must be comprised of strings only");
      }
      out.add(element.asText());
    }
    return out;
  }

  private List<KeyValue> arg(String keyword, String args) throws WordSyntaxException {
    List<KeyValue> pairs = new ArrayList<>();
    for (String word : atLeastOne(keyword, words(args))) {
      int eq = word.indexOf('=');
      if (eq == 0) {
        throw new WordSyntaxException(keyword + " names can not be blank");
      }
      pairs.add(
          eq < 0
              ? new KeyValue(word, null)
              : new KeyValue(word.substring(0, eq), word.substring(eq + 1)));
    }
    return pairs;
  }

  /** {@code ENV}/{@code LABEL}: {@code key value} (old form) or {@code key=value ...}. */
  private List<KeyValue> nameValues(String keyword, String args) throws WordSyntaxException {
    List<String> words = atLeastOne(keyword, words(args));
    if (!words.get(0).contains("=")) {
      String[] parts = WHITESPACE.split(args, 2);
      if (parts.length < 2) {
        throw new WordSyntaxException(keyword + " must have two arguments");
      }
      return List.of(new KeyValue(parts[0], parts[1]));
    }
    List<KeyValue> pairs = new ArrayList<>();
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq < 0) {
        throw new WordSyntaxException(
            "Syntax error - can't find = in \"" + word + "\". Must be of the form: name=value");
      }
      if (eq == 0) {
        throw new WordSyntaxException(keyword + " names can not be blank");
      }
      pairs.add(new KeyValue(word.substring(0, eq), word.substring(eq + 1)));
    }
    return pairs;
  }

  /**
   * Words separated by whitespace outside quotes, with the quotes and escapes kept for the later
   * substitution to remove.
   */
  private List<String> words(String rest) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean blankOk = false;
    char quote = 0;
    for (int pos = 0; pos < rest.length(); pos++) {
      char ch = rest.charAt(pos);
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        } else if (ch == escape && quote != '\'') {
          if (pos + 1 == rest.length()) {
            continue;
          }
          word.append(ch);
          ch = rest.charAt(++pos);
        }
        word.append(ch);
        continue;
      }
      if (Character.isWhitespace(ch)) {
        if (inWord && (blankOk || word.length() > 0)) {
          words.add(word.toString());
        }
        word.setLength(0);
        inWord = false;
        blankOk = false;
        continue;
      }
      inWord = true;
      if (ch == '\'' || ch == '"') {
        quote = ch;
        blankOk = true;
      } else if (ch == escape) {
        if (pos + 1 == rest.length()) {
          continue;
        }
        // Outside quotes an escape and the character after it are kept together, even a quote.
        word.append(ch);
        ch = rest.charAt(++pos);
      }
      word.append(ch);
    }
    if (inWord && (blankOk || word.length() > 0)) {
      words.add(word.toString());
    }
    return words;
  }

  private static List<String> split(String args) {
    return args.isEmpty() ? List.of() : Arrays.asList(WHITESPACE.split(args));
  }

  private static void noFlags(RawInstruction raw) throws WordSyntaxException {
    new BuilderFlags().parse(raw.flags());
  }

  private static List<String> atLeastOne(String keyword, List<String> args)
      throws WordSyntaxException {
    if (args.isEmpty()) {
      throw new WordSyntaxException(keyword + " requires at least one argument");
    }
    return args;
  }

  private static String atLeastOneText(String keyword, String args) throws WordSyntaxException {
    if (args.isEmpty()) {
      throw new WordSyntaxException(keyword + " requires at least one argument");
    }
    return args;
  }

  private static String exactlyOne(String keyword, String args) throws WordSyntaxException {
    if (args.isEmpty()) {
      throw new WordSyntaxException(keyword + " requires exactly one argument");
    }
    return args;
  }
}
