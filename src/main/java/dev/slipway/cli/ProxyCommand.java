package dev.slipway.cli;

import dev.slipway.build.ModuleTasks;
import dev.slipway.core.UsageException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway proxy serve}: the module store as a long-lived GOPROXY for a team. */
@Command(
    name = "proxy",
    description = "Serve Slipway's module store as a GOPROXY.",
    mixinStandardHelpOptions = true,
    subcommands = {ProxyCommand.Serve.class})
final class ProxyCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** Runs until interrupted. */
  @Command(
      name = "serve",
      description = "Serve the store over the GOPROXY protocol until stopped.",
      mixinStandardHelpOptions = true)
  static final class Serve implements Callable<Integer> {
    private final PrintStream out;
    private final Map<String, String> env;

    @Option(
        names = "--listen",
        paramLabel = "HOST:PORT",
        description = "Address to listen on (default 127.0.0.1:3000).")
    String listen = "127.0.0.1:3000";

    @Option(names = "-C", paramLabel = "DIR", description = "Read go settings as if in DIR.")
    Path chdir;

    @Option(names = "--offline", description = "Serve only what is stored.")
    boolean offline;

    private final Paths paths;

    Serve(PrintStream out, Map<String, String> env, Paths paths) {
      this.paths = paths;
      this.out = out;
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      ModuleTasks.RunningProxy proxy =
          ModuleTasks.serve(
              paths.workDir(chdir), paths.cacheDir(env), env, address(listen), offline);
      out.println("slipway: serving modules at " + proxy.uri() + " (GOPROXY=" + proxy.uri() + ")");
      out.flush();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      try (AutoCloseable handle = proxy.handle()) {
        stop.await();
      }
      return 0;
    }

    static InetSocketAddress address(String text) throws UsageException {
      int colon = text.lastIndexOf(':');
      if (colon <= 0) {
        throw new UsageException("--listen " + text + ": expected HOST:PORT");
      }
      try {
        int port = Integer.parseInt(text.substring(colon + 1));
        if (port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
          host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, port);
      } catch (NumberFormatException e) {
        throw new UsageException("--listen " + text + ": the port must be 0-65535", e);
      }
    }
  }
}
