package dev.slipway.modules;

/**
 * Where a module file came from. {@code REMOTE} (a shared remote store) arrives with that issue.
 */
public enum Tier {
  MEMORY,
  LOCAL,
  REMOTE,
  UPSTREAM;

  /** Whether this counts as a cache hit (anything but a fetch from the user's proxies). */
  public boolean isHit() {
    return this != UPSTREAM;
  }
}
