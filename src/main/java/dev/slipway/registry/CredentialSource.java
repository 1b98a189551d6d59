package dev.slipway.registry;

import dev.slipway.core.RegistryException;
import java.util.Optional;

/** Where registry credentials come from, for example {@link DockerConfigCredentials}. */
@FunctionalInterface
public interface CredentialSource {
  /** No credentials anywhere: every registry is accessed anonymously. */
  CredentialSource NONE = host -> Optional.empty();

  /**
   * The credential for {@code registryHost} (a registry name, {@code host} or {@code host:port}, or
   * the default registry), or empty to go anonymous.
   */
  Optional<Credential> lookup(String registryHost) throws RegistryException;

  /** A fixed credential for one host, anonymous elsewhere; handy for tests and CLI flags. */
  static CredentialSource fixed(String registryHost, Credential credential) {
    return host -> host.equalsIgnoreCase(registryHost) ? Optional.of(credential) : Optional.empty();
  }
}
