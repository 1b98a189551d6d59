package dev.slipway.cli;

import dev.slipway.core.SlipwayException;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine;

/** The one place failures become exit codes and messages. */
final class Errors implements CommandLine.IExecutionExceptionHandler {
  private final PrintStream err;

  Errors(PrintStream err) {
    this.err = err;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    if (e instanceof SlipwayException s) {
      // Bad input found deep inside a remote call (a malformed credentials file, say) is still
      // bad input.
      for (Throwable c = s.getCause(); c != null; c = c.getCause()) {
        if (c instanceof UsageException usage) {
          err.println("slipway: error: " + usage.getMessage());
          return usage.exitCode();
        }
      }
      err.println("slipway: error: " + s.getMessage());
      return s.exitCode();
    }
    if (e instanceof IOException io) {
      err.println("slipway: error: " + io.getMessage());
      return 1;
    }
    err.println("slipway: internal error: " + e);
    for (StackTraceElement frame : e.getStackTrace()) {
      err.println("    at " + frame);
    }
    return 1;
  }
}
