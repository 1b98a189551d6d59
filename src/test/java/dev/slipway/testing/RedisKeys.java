package dev.slipway.testing;

/** What a test does to a Redis server or cluster directly, around the store under test. */
public interface RedisKeys {
  /** Deletes every key, so each test starts from an empty store. */
  void flushAll();

  void set(String key, byte[] value);

  /** The value of {@code key}, or null. */
  byte[] get(String key);
}
