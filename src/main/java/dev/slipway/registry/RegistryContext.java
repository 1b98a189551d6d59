package dev.slipway.registry;

import dev.slipway.registry.http.RetryPolicy;
import dev.slipway.registry.http.Transport;

/** What every endpoint class needs: the intercepted transport, routes, retry policy and options. */
record RegistryContext(
    Transport transport, Routes routes, RetryPolicy retryPolicy, RegistryOptions options) {}
