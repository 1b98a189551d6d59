package dev.slipway.cache;

import dev.slipway.core.Digest;
import dev.slipway.testing.RedisKeys;
import org.junit.jupiter.api.BeforeEach;

/**
 * The remote-store contract for a Redis backend: a subclass starts the server or cluster and names
 * it ({@link #keys}) and its URLs; corrupting and reading bodies goes through the server directly.
 */
abstract class RedisStoreContract extends RemoteStoreContract {
  /** The server or cluster behind {@link #url}. */
  abstract RedisKeys keys();

  @BeforeEach
  void emptyTheStore() {
    keys().flushAll();
  }

  @Override
  void corruptBlob(Digest digest, byte[] garbage) {
    keys().set("slipway:cas:" + digest.hex(), garbage);
  }

  @Override
  byte[] storedBlob(Digest digest) {
    return keys().get("slipway:cas:" + digest.hex());
  }
}
