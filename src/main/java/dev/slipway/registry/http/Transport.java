package dev.slipway.registry.http;

import java.io.IOException;

/** Sends one request over the wire, with no retries, redirects or auth. */
@FunctionalInterface
public interface Transport {
  Response execute(Request request) throws IOException;
}
