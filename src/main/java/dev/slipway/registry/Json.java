package dev.slipway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The shared ObjectMapper, created on first use: it costs about 0.13 s, so the HEAD-only fast path
 * (no auth, no errors) never pays for it.
 */
final class Json {
  private Json() {}

  private static final class Holder {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  static JsonNode parse(byte[] bytes) throws IOException {
    return Holder.MAPPER.readTree(bytes);
  }

  static ObjectMapper mapper() {
    return Holder.MAPPER;
  }
}
