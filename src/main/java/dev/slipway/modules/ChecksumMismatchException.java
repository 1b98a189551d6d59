package dev.slipway.modules;

import dev.slipway.core.ModuleVersion;

/** Upstream served a .zip or .mod whose {@code h1:} hash disagrees with go.sum. */
public final class ChecksumMismatchException extends ModuleRejectedException {
  private final String expected;
  private final String got;

  /**
   * @param what {@code "zip"} or {@code "go.mod"}
   */
  public ChecksumMismatchException(ModuleVersion module, String what, String expected, String got) {
    super(
        module,
        "checksum mismatch for "
            + module
            + (what.equals("go.mod") ? "/go.mod" : "")
            + ": go.sum has "
            + expected
            + " but upstream served "
            + got
            + "; nothing was admitted. The upstream proxy may be compromised or go.sum may be"
            + " wrong: check the module's source before changing go.sum.");
    this.expected = expected;
    this.got = got;
  }

  public String expected() {
    return expected;
  }

  public String got() {
    return got;
  }
}
