package dev.slipway.core;

/** The build finished but took longer than its budget, with --fail-over-budget. Exit code 3. */
public final class BudgetExceededException extends SlipwayException {
  public BudgetExceededException(String message) {
    super(message, null);
  }

  @Override
  public int exitCode() {
    return 3;
  }
}
