package dev.slipway.modules;

import dev.slipway.core.ModuleVersion;
import dev.slipway.core.SlipwayException;

/**
 * A module that Slipway refused: a hostile or malformed zip, or content that go.sum does not vouch
 * for. Nothing of it was admitted to the store. Exit code 1: the build cannot go on with it.
 */
public class ModuleRejectedException extends SlipwayException {
  private final ModuleVersion module;

  public ModuleRejectedException(ModuleVersion module, String message) {
    super(message, null);
    this.module = module;
  }

  public ModuleRejectedException(ModuleVersion module, String message, Throwable cause) {
    super(message, cause);
    this.module = module;
  }

  public ModuleVersion module() {
    return module;
  }

  @Override
  public int exitCode() {
    return 1;
  }
}
