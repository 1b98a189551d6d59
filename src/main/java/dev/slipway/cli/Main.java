package dev.slipway.cli;

import dev.slipway.core.RemoteTimeouts;
import dev.slipway.core.UsageException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code slipway} command. Output streams and environment are injected so tests can run it. */
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
      ReportCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, System.getenv(), args));
  }

  /** Runs the CLI and returns its exit code (see the brief: 0, 1, 2, 3, 4). */
  public static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
    CommandLine cli = new CommandLine(new Main(), new Factory(out, err, env));
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

  /** Hands commands the injected streams and environment. */
  private record Factory(PrintStream out, PrintStream err, Map<String, String> env)
      implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (cls == BuildCommand.class) {
        return cls.cast(new BuildCommand(out, err, env));
      }
      if (cls == ResolveCommand.class) {
        return cls.cast(new ResolveCommand(System.in, out, err, env));
      }
      if (cls == InitCommand.class) {
        return cls.cast(new InitCommand(out, err));
      }
      if (cls == ModulesCommand.Warm.class) {
        return cls.cast(new ModulesCommand.Warm(out, err, env));
      }
      if (cls == ModulesCommand.Verify.class) {
        return cls.cast(new ModulesCommand.Verify(out, env));
      }
      if (cls == CacheCommand.Stats.class) {
        return cls.cast(new CacheCommand.Stats(out, env));
      }
      if (cls == CacheCommand.Gc.class) {
        return cls.cast(new CacheCommand.Gc(out, env));
      }
      if (cls == CacheCommand.Verify.class) {
        return cls.cast(new CacheCommand.Verify(out, env));
      }
      if (cls == ExplainCommand.class) {
        return cls.cast(new ExplainCommand(out, env));
      }
      if (cls == ReportCommand.class) {
        return cls.cast(new ReportCommand(out, env));
      }
      if (cls == CacheprogCommand.class) {
        return cls.cast(new CacheprogCommand(System.in, out, err, env));
      }
      if (cls == ProxyCommand.Serve.class) {
        return cls.cast(new ProxyCommand.Serve(out, env));
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
