package dev.slipway.modules;

import dev.slipway.core.ModuleVersion;

/**
 * go.sum lists a module's zip but not its go.mod, and the go.mod upstream serves is not the one in
 * that zip (as for some {@code +incompatible} versions). Slipway cannot vouch for that go.mod, so
 * it stores nothing of the module and relays it as it is, for the go command to check as it would.
 */
public final class UnvouchedGoModException extends ModuleRejectedException {
  public UnvouchedGoModException(ModuleVersion module) {
    super(
        module,
        "no go.sum entry for "
            + module
            + "/go.mod, and the go.mod upstream serves is not the one in the zip go.sum vouches for;"
            + " nothing was admitted");
  }
}
