package dev.slipway.dockerfile;

import java.util.List;
import java.util.Objects;

/**
 * One Dockerfile instruction with its 1-based line. The parser gives them as written; {@link
 * Stages} gives copies with variables substituted where the Dockerfile reference allows it.
 */
public sealed interface Instruction {
  /** The line the instruction starts on. */
  int line();

  /** The instruction's keyword, upper case. */
  String keyword();

  /**
   * {@code FROM [--platform=P] image [AS name]}; {@code stageName} and {@code platform} may be
   * null.
   */
  record From(int line, String image, String stageName, String platform) implements Instruction {
    public From {
      checkLine(line);
      Objects.requireNonNull(image, "image");
    }

    @Override
    public String keyword() {
      return "FROM";
    }
  }

  /** {@code ARG name[=default] ...}; a pair's value is null when it has no default. */
  record Arg(int line, List<KeyValue> args) implements Instruction {
    public Arg {
      checkLine(line);
      args = List.copyOf(args);
    }

    @Override
    public String keyword() {
      return "ARG";
    }
  }

  /** {@code ENV key=value ...} or {@code ENV key value}. */
  record Env(int line, List<KeyValue> pairs) implements Instruction {
    public Env {
      checkLine(line);
      pairs = List.copyOf(pairs);
    }

    @Override
    public String keyword() {
      return "ENV";
    }
  }

  /** {@code LABEL key=value ...}. */
  record Label(int line, List<KeyValue> pairs) implements Instruction {
    public Label {
      checkLine(line);
      pairs = List.copyOf(pairs);
    }

    @Override
    public String keyword() {
      return "LABEL";
    }
  }

  /** {@code WORKDIR path}; absolute once {@link Stages} has resolved it. */
  record Workdir(int line, String path) implements Instruction {
    public Workdir {
      checkLine(line);
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String keyword() {
      return "WORKDIR";
    }
  }

  /**
   * {@code COPY} or ({@code add}) {@code ADD}. {@code from}, {@code chown} and {@code chmod} are
   * null when not given. {@code sources} are paths (or URLs, for ADD); inline files written with
   * heredocs are in {@code heredocs}. {@link Stages} makes {@code destination} absolute, keeping a
   * trailing slash.
   */
  record Copy(
      int line,
      boolean add,
      String from,
      String chown,
      String chmod,
      boolean link,
      boolean parents,
      List<String> excludes,
      List<String> sources,
      String destination,
      List<Heredoc> heredocs)
      implements Instruction {
    public Copy {
      checkLine(line);
      excludes = List.copyOf(excludes);
      sources = List.copyOf(sources);
      heredocs = List.copyOf(heredocs);
      Objects.requireNonNull(destination, "destination");
      if (sources.isEmpty() && heredocs.isEmpty()) {
        throw new IllegalArgumentException("a copy needs a source");
      }
    }

    @Override
    public String keyword() {
      return add ? "ADD" : "COPY";
    }
  }

  /**
   * {@code RUN [--mount=...] [--network=...] [--security=...] command}. {@code network} and {@code
   * security} may be null; a heredoc script is in {@code heredocs}.
   */
  record Run(
      int line,
      List<String> mounts,
      String network,
      String security,
      CommandLine command,
      List<Heredoc> heredocs)
      implements Instruction {
    public Run {
      checkLine(line);
      mounts = List.copyOf(mounts);
      Objects.requireNonNull(command, "command");
      heredocs = List.copyOf(heredocs);
    }

    @Override
    public String keyword() {
      return "RUN";
    }
  }

  /** {@code CMD}, exec or shell form. */
  record Cmd(int line, CommandLine command) implements Instruction {
    public Cmd {
      checkLine(line);
      Objects.requireNonNull(command, "command");
    }

    @Override
    public String keyword() {
      return "CMD";
    }
  }

  /** {@code ENTRYPOINT}, exec or shell form. */
  record Entrypoint(int line, CommandLine command) implements Instruction {
    public Entrypoint {
      checkLine(line);
      Objects.requireNonNull(command, "command");
    }

    @Override
    public String keyword() {
      return "ENTRYPOINT";
    }
  }

  /** {@code EXPOSE port[/protocol] ...}. */
  record Expose(int line, List<String> ports) implements Instruction {
    public Expose {
      checkLine(line);
      ports = List.copyOf(ports);
    }

    @Override
    public String keyword() {
      return "EXPOSE";
    }
  }

  /** {@code USER user[:group]}. */
  record User(int line, String user) implements Instruction {
    public User {
      checkLine(line);
      Objects.requireNonNull(user, "user");
    }

    @Override
    public String keyword() {
      return "USER";
    }
  }

  /**
   * An instruction init does not translate but keeps to name in a note: {@code VOLUME}, {@code
   * HEALTHCHECK}, {@code ONBUILD}, {@code SHELL}, {@code STOPSIGNAL}, {@code MAINTAINER}, with its
   * arguments as written.
   */
  record Other(int line, String keyword, String arguments) implements Instruction {
    public Other {
      checkLine(line);
      Objects.requireNonNull(keyword, "keyword");
      Objects.requireNonNull(arguments, "arguments");
    }
  }

  /** A key and its value; the value of an {@code ARG} without default is null. */
  record KeyValue(String key, String value) {
    public KeyValue {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("a name cannot be blank");
      }
    }
  }

  /**
   * The command of {@code RUN}, {@code CMD} or {@code ENTRYPOINT}: the JSON array of the exec form,
   * or the shell form's one string.
   */
  record CommandLine(boolean exec, List<String> args) {
    public CommandLine {
      args = List.copyOf(args);
      if (!exec && args.size() > 1) {
        throw new IllegalArgumentException("a shell form command is one string");
      }
    }

    /** The shell form's command, or the exec form's words joined by spaces. */
    public String text() {
      return String.join(" ", args);
    }
  }

  private static void checkLine(int line) {
    if (line < 1) {
      throw new IllegalArgumentException("line " + line + " is not a line number");
    }
  }
}
