package dev.slipway.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.Digest;
import dev.slipway.core.StoreCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemoStoreTest {
  @TempDir Path cache;

  private static final Digest KEY = Digest.sha256Of("key".getBytes(StandardCharsets.UTF_8));

  private static Memo sample() {
    return new Memo(
        List.of(
            new Memo.Entry(
                "app",
                "example.com/app/cmd/app",
                "linux/amd64,linux/arm64",
                "application/vnd.oci.image.index.v1+json",
                "sha256:" + "a".repeat(64),
                1234,
                "localhost:5000/app@sha256:" + "a".repeat(64)),
            new Memo.Entry(
                "tool",
                "example.com/app/cmd/tool",
                "linux/amd64",
                "application/vnd.oci.image.manifest.v1+json",
                "sha256:" + "b".repeat(64),
                56,
                "")),
        Map.of("oci-layout:/tmp/out", "sha256:" + "c".repeat(64)));
  }

  @Test
  void aSavedMemoReadsBackEqual() throws Exception {
    MemoStore store = new MemoStore(cache);
    store.save(KEY, sample());
    assertThat(store.lookup(KEY)).contains(sample());
    assertThat(cache.resolve("memo").resolve(KEY.hex())).isRegularFile();
  }

  @Test
  void anUnknownKeyIsAbsent() throws Exception {
    assertThat(new MemoStore(cache).lookup(KEY)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "garbage\n",
        "slipway-memo 1\n",
        "slipway-memo 1\ntarget\tonly\ttwo\n",
        "slipway-memo 1\ntarget\ta\tb\tc\td\te\tnot-a-number\tg\n",
        "slipway-memo 1\nsomething\telse\n",
        "slipway-memo 999\ntarget\ta\tb\tc\td\te\t1\tg\n"
      })
  void aCorruptMemoFileReadsAsAbsent(String content) throws Exception {
    Path file = cache.resolve("memo").resolve(KEY.hex());
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    assertThat(new MemoStore(cache).lookup(KEY)).isEqualTo(Optional.empty());
  }

  @Test
  void aCorruptMemoIsRepairedBySavingAgain() throws Exception {
    Path file = cache.resolve("memo").resolve(KEY.hex());
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {(byte) 0xff, 0, 1, 2});
    MemoStore store = new MemoStore(cache);
    store.save(KEY, sample());
    assertThat(store.lookup(KEY)).contains(sample());
  }

  @Test
  void memoFieldsCannotHoldTabsOrNewlines() {
    assertThatThrownBy(() -> new Memo.Entry("a\tb", "i", "p", "m", "d", 1, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMemoFileThatIsNotUtf8ReadsAsAbsent() throws Exception {
    Path file = cache.resolve("memo").resolve(KEY.hex());
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n'});
    assertThat(new MemoStore(cache).lookup(KEY)).isEmpty();
  }

  @Test
  void verifyRemovesUnreadableMemosAndKeepsOnesWhateverOutputsTheyName() throws Exception {
    MemoStore store = new MemoStore(cache);
    store.save(KEY, sample());
    Digest other = Digest.sha256Of("other".getBytes(StandardCharsets.UTF_8));
    Files.writeString(cache.resolve("memo").resolve(other.hex()), "slipway-memo 1\nnot a line\n");
    Files.writeString(cache.resolve("memo").resolve("not-a-fingerprint"), "x");

    StoreCheck check = new StoreCheck("memo");
    store.verify(check);

    assertThat(check.checkedCount()).isEqualTo(3);
    assertThat(check.removed())
        .containsExactlyInAnyOrder(
            "memo/" + other.hex() + ": unreadable",
            "memo/not-a-fingerprint: not named by a fingerprint");
    assertThat(store.lookup(KEY)).contains(sample());
  }

  @Test
  void aMemoWithAnyByteChangedReadsAsAbsentRatherThanAsAnotherDigest() throws Exception {
    MemoStore store = new MemoStore(cache);
    store.save(KEY, sample());
    Path file = cache.resolve("memo").resolve(KEY.hex());
    byte[] good = Files.readAllBytes(file);
    String text = new String(good, StandardCharsets.UTF_8);
    // One hex digit of the first target's digest: the memo would still parse.
    int at = text.indexOf("sha256:" + "a".repeat(64)) + 10;
    for (int i : new int[] {at, 0, good.length - 2}) {
      byte[] bad = good.clone();
      bad[i] = (byte) (bad[i] == 'a' ? 'b' : bad[i] ^ 1);
      Files.write(file, bad);
      assertThat(store.lookup(KEY)).as("byte %d changed", i).isEmpty();
    }
    Files.write(file, java.util.Arrays.copyOf(good, good.length - 1));
    assertThat(store.lookup(KEY)).as("cut short").isEmpty();
  }
}
