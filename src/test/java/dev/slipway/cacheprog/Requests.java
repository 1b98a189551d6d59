package dev.slipway.cacheprog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/** Writes GOCACHEPROG requests the way the go command frames them, and reads the answers. */
final class Requests {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  static byte[] id(int n) {
    byte[] id = new byte[32];
    id[0] = (byte) n;
    id[31] = (byte) 0xfb; // makes base64 contain '+' or '/'
    return id;
  }

  static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  Requests raw(String text) {
    bytes.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  Requests get(long id, byte[] actionId) {
    return raw(
        "{\"ID\":" + id + ",\"Command\":\"get\",\"ActionID\":\"" + b64(actionId) + "\"}\n\n");
  }

  Requests put(long id, byte[] actionId, byte[] body) {
    raw(
        "{\"ID\":"
            + id
            + ",\"Command\":\"put\",\"ActionID\":\""
            + b64(actionId)
            + "\",\"OutputID\":\""
            + b64(sha256(body))
            + "\",\"BodySize\":"
            + body.length
            + "}\n\n");
    if (body.length > 0) {
      raw("\"" + b64(body) + "\"\n");
    }
    return this;
  }

  Requests close(long id) {
    return raw("{\"ID\":" + id + ",\"Command\":\"close\"}\n\n");
  }

  byte[] bytes() {
    return bytes.toByteArray();
  }

  static List<JsonNode> answers(byte[] out) throws IOException {
    try (MappingIterator<JsonNode> it =
        new ObjectMapper().readerFor(JsonNode.class).readValues(out)) {
      return it.readAll();
    }
  }
}
