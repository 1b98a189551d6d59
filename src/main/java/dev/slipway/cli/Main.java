package dev.slipway.cli;

import dev.slipway.core.RemoteTimeouts;
import dev.slipway.core.UsageException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code slipway} command. Streams, environment and working directory are injected ({@link
 * Invocation}), so that tests, and a warm server running several clients' commands at once, can run
 * it in one JVM.
 */
@Command(
    name = "slipway",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Builds Go modules into reproducible OCI images, with no Docker daemon.",
    subcommands = {
      BuildCommand.class,
      InitCommand.class,
      ResolveCommand.class,
      ModulesCommand.class,
      ProxyCommand.class,
      CacheprogCommand.class,
      CacheCommand.class,
      ExplainCommand.class,
      ReportCommand.class,
      VerifyCommand.class,
      CiCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, System.getenv(), args));
  }

  /**
   * Runs the CLI in this process's working directory, with its standard input and console, and
   * returns its exit code (see the brief: 0, 1, 2, 3, 4).
   */
  public static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
    return run(Invocation.ofProcess(out, err, env), args);
  }

  /**
   * Runs the CLI as if started in {@code cwd}, with no standard input and no terminal, and returns
   * its exit code.
   */
  public static int run(
      PrintStream out, PrintStream err, Map<String, String> env, Path cwd, String... args) {
    return run(new Invocation(InputStream.nullInputStream(), out, err, env, cwd, false), args);
  }

  /** Runs the CLI for {@code run} and returns its exit code. */
  public static int run(Invocation run, String... args) {
    PrintStream out = run.out();
    PrintStream err = run.err();
    Map<String, String> env = run.env();
    CommandLine cli = new CommandLine(new Main(), new Factory(run));
    // A value may look like a flag: --ldflags "-B gobuildid" is go's -B, not ko's -B.
    cli.setAllowOptionsAsOptionParameters(true);
    // picocli writes characters; they are encoded as before, in the platform's charset.
    cli.setOut(new PrintWriter(new OutputStreamWriter(out, Charset.defaultCharset()), true));
    cli.setErr(new PrintWriter(new OutputStreamWriter(err, Charset.defaultCharset()), true));
    Errors errors = new Errors(err, Redactor.of(args, env));
    try {
      RemoteTimeouts.fromEnvironment(env); // every command talks to remotes with these
    } catch (UsageException e) {
      err.println("slipway: error: " + e.getMessage());
      return e.exitCode();
    }
    cli.setExecutionExceptionHandler(errors);
    cli.setParameterExceptionHandler(errors);
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"slipway " + (v == null ? "dev" : v)};
    }
  }

  /** Hands commands the injected streams, environment and working directory. */
  private record Factory(Invocation run) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      PrintStream out = run.out();
      PrintStream err = run.err();
      Map<String, String> env = run.env();
      Paths paths = run.paths();
      if (cls == BuildCommand.class) {
        return cls.cast(new BuildCommand(run));
      }
      if (cls == VerifyCommand.class) {
        return cls.cast(new VerifyCommand(run));
      }
      if (cls == ResolveCommand.class) {
        return cls.cast(new ResolveCommand(run));
      }
      if (cls == CiCommand.CacheKeyCommand.class) {
        return cls.cast(new CiCommand.CacheKeyCommand(run));
      }
      if (cls == InitCommand.class) {
        return cls.cast(new InitCommand(out, err, paths));
      }
      if (cls == ModulesCommand.Warm.class) {
        return cls.cast(new ModulesCommand.Warm(out, err, env, paths));
      }
      if (cls == ModulesCommand.Verify.class) {
        return cls.cast(new ModulesCommand.Verify(out, env, paths));
      }
      if (cls == CacheCommand.Stats.class) {
        return cls.cast(new CacheCommand.Stats(out, env, paths));
      }
      if (cls == CacheCommand.Gc.class) {
        return cls.cast(new CacheCommand.Gc(out, env, paths));
      }
      if (cls == CacheCommand.Verify.class) {
        return cls.cast(new CacheCommand.Verify(out, env, paths));
      }
      if (cls == ExplainCommand.class) {
        return cls.cast(new ExplainCommand(out, env, paths));
      }
      if (cls == ReportCommand.class) {
        return cls.cast(new ReportCommand(out, env, paths));
      }
      if (cls == CacheprogCommand.class) {
        return cls.cast(new CacheprogCommand(run.in(), out, err, env, paths));
      }
      if (cls == ProxyCommand.Serve.class) {
        return cls.cast(new ProxyCommand.Serve(out, env, paths));
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
