package dev.slipway.cli;

import dev.slipway.core.IoErrors;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * The one place failures become exit codes and messages: usage errors picocli finds (exit 2) and
 * failures of a command. Every message goes through the {@link Redactor}, so no password typed on
 * the command line comes back out.
 */
final class Errors
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
  private final PrintStream err;
  private final Redactor redactor;

  Errors(PrintStream err, Redactor redactor) {
    this.err = err;
    this.redactor = redactor;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    err.println("slipway: " + redactor.apply(e.getMessage()));
    err.println("Run 'slipway " + commandPath(e.getCommandLine()) + " --help' for usage.");
    return 2;
  }

  private static String commandPath(CommandLine cl) {
    String name = cl.getCommandSpec().qualifiedName(" ");
    return name.startsWith("slipway ") ? name.substring(8) : "";
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    if (e instanceof SlipwayException s) {
      // Bad input found deep inside a remote call (a malformed credentials file, say) is still
      // bad input.
      for (Throwable c = s.getCause(); c != null; c = c.getCause()) {
        if (c instanceof UsageException usage) {
          err.println("slipway: error: " + redactor.apply(usage.getMessage()));
          return usage.exitCode();
        }
      }
      err.println("slipway: error: " + redactor.apply(s.getMessage()));
      return s.exitCode();
    }
    if (e instanceof IOException io) {
      err.println("slipway: error: " + redactor.apply(IoErrors.describe(io)));
      return 1;
    }
    if (e instanceof UncheckedIOException io) {
      err.println("slipway: error: " + redactor.apply(IoErrors.describe(io.getCause())));
      return 1;
    }
    err.println("slipway: internal error: " + redactor.apply(String.valueOf(e)));
    for (StackTraceElement frame : e.getStackTrace()) {
      err.println("    at " + frame);
    }
    return 1;
  }
}
