package dev.slipway.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trusted writers' tag, its configuration, and the record format that carries it. */
class CacheTrustTest {
  private static final String SECRET = "0123456789abcdef-release-only";
  private static final String KEY = "3f".repeat(32);
  private static final CacheTrust RELEASE = CacheTrust.of(SECRET.getBytes(UTF_8), "release");

  @TempDir Path dir;

  private static ActionRecord record(String body) {
    Digest blob = Digest.sha256Of(body.getBytes(UTF_8));
    return new ActionRecord(
        Digest.sha256Of(("out " + body).getBytes(UTF_8)), blob, 42, Instant.EPOCH);
  }

  @Test
  void aSealedRecordCarriesTheWriterAndIsAdmittedForItsOwnActionKey() {
    ActionRecord sealed = RELEASE.seal(KEY, record("object file"));

    assertThat(sealed.writer()).isEqualTo("release");
    assertThat(sealed.tag()).matches("hmac-sha256:[0-9a-f]{64}");
    assertThat(RELEASE.admits(KEY, sealed)).isTrue();
    assertThat(RELEASE.admits(KEY, ActionRecord.parse(sealed.encode()))).isTrue();
    assertThat(RELEASE.seal(KEY, sealed)).isSameAs(sealed);
  }

  @Test
  void tamperingWithAnyFieldOrTheTagFailsTheCheck() {
    ActionRecord sealed = RELEASE.seal(KEY, record("object file"));
    ActionRecord other = record("another object file");
    List<UnaryOperator<ActionRecord>> tamperings =
        List.of(
            r ->
                new ActionRecord(
                    other.outputId(), r.blob(), r.size(), r.time(), r.writer(), r.tag()),
            r ->
                new ActionRecord(
                    r.outputId(), other.blob(), r.size(), r.time(), r.writer(), r.tag()),
            r -> new ActionRecord(r.outputId(), r.blob(), 43, r.time(), r.writer(), r.tag()),
            r -> new ActionRecord(r.outputId(), r.blob(), r.size(), r.time(), "main", r.tag()),
            r ->
                new ActionRecord(
                    r.outputId(),
                    r.blob(),
                    r.size(),
                    r.time(),
                    r.writer(),
                    r.tag().substring(0, r.tag().length() - 1)
                        + (r.tag().endsWith("0") ? "1" : "0")));
    for (UnaryOperator<ActionRecord> tamper : tamperings) {
      assertThat(RELEASE.admits(KEY, tamper.apply(sealed))).isFalse();
    }
    // The time says when, not what: it is not covered.
    assertThat(
            RELEASE.admits(
                KEY,
                new ActionRecord(
                    sealed.outputId(),
                    sealed.blob(),
                    sealed.size(),
                    Instant.now(),
                    sealed.writer(),
                    sealed.tag())))
        .isTrue();
  }

  @Test
  void aTagForAnotherActionKeyOrMadeWithAnotherKeyFails() {
    ActionRecord sealed = RELEASE.seal(KEY, record("object file"));
    CacheTrust otherKey = CacheTrust.of("another key, same length!!".getBytes(UTF_8), "release");

    assertThat(RELEASE.admits("4e".repeat(32), sealed)).isFalse();
    assertThat(otherKey.admits(KEY, sealed)).isFalse();
    assertThat(RELEASE.admits(KEY, otherKey.seal(KEY, record("object file")))).isFalse();
    assertThat(RELEASE.admits(KEY, record("object file"))).isFalse(); // untagged
  }

  @Test
  void withoutAKeyEveryRecordIsAdmittedAndNothingIsTagged() {
    ActionRecord plain = record("object file");
    ActionRecord forged =
        new ActionRecord(
            plain.outputId(),
            plain.blob(),
            1,
            plain.time(),
            "release",
            "hmac-sha256:" + "0".repeat(64));

    assertThat(CacheTrust.NONE.hasKey()).isFalse();
    assertThat(CacheTrust.NONE.seal(KEY, plain)).isSameAs(plain);
    assertThat(CacheTrust.NONE.admits(KEY, plain)).isTrue();
    assertThat(CacheTrust.NONE.admits(KEY, forged)).isTrue();
  }

  @Test
  void anotherTrustedWritersValidTagIsKeptWhenARecordIsWrittenAgain() {
    CacheTrust main = CacheTrust.of(SECRET.getBytes(UTF_8), "main");
    ActionRecord byRelease = RELEASE.seal(KEY, record("object file"));

    assertThat(main.seal(KEY, byRelease)).isSameAs(byRelease);
    assertThat(main.seal(KEY, RELEASE.seal("4e".repeat(32), record("x"))).writer())
        .isEqualTo("main");
  }

  @Test
  void recordsOfTheFormatBeforeTagsStillParseAndTaggedOnesKeepTheirFirstFiveLines() {
    String old =
        "slipway-action v1\noutput "
            + record("a").outputId()
            + "\nblob "
            + record("a").blob()
            + "\nsize 42\ntime 0\n";
    assertThat(ActionRecord.parse(old.getBytes(UTF_8))).isEqualTo(record("a"));

    byte[] tagged = RELEASE.seal(KEY, record("a")).encode();
    assertThat(new String(tagged, UTF_8)).startsWith(old).contains("\nwriter release\ntag hmac-");
    // A later field, unknown here, is skipped.
    byte[] later = (new String(tagged, UTF_8) + "origin ci\n").getBytes(UTF_8);
    assertThat(RELEASE.admits(KEY, ActionRecord.parse(later))).isTrue();
    assertThatThrownBy(() -> ActionRecord.parse((old + "writer release\n").getBytes(UTF_8)))
        .hasMessageContaining("writer and tag");
  }

  @Test
  void theKeyComesFromTheEnvironmentOrAnAbsoluteFileAndIsNeverPrinted() throws Exception {
    Path file = Files.writeString(dir.resolve("key"), SECRET + "\n");
    CacheTrust fromFile =
        CacheTrust.fromEnvironment(
            Map.of(CacheTrust.KEY_FILE_ENV, file.toString(), CacheTrust.WRITER_ENV, "release"));
    CacheTrust inline = CacheTrust.fromEnvironment(Map.of(CacheTrust.KEY_ENV, SECRET));

    assertThat(fromFile.hasKey()).isTrue();
    assertThat(fromFile.writer()).isEqualTo("release");
    assertThat(inline.writer()).isEqualTo(CacheTrust.DEFAULT_WRITER);
    // Same key, however it was given: what one writes, the other admits.
    assertThat(inline.admits(KEY, fromFile.seal(KEY, record("a")))).isTrue();
    assertThat(fromFile.toString()).doesNotContain(SECRET).contains("release");
    assertThat(CacheTrust.fromEnvironment(Map.of())).isSameAs(CacheTrust.NONE);
  }

  @Test
  void anUnusableConfigurationNamesTheVariableButNeverTheKey() throws Exception {
    Path file = Files.writeString(dir.resolve("key"), SECRET);
    Map<String, Map<String, String>> bad = new HashMap<>();
    bad.put(
        "not both", Map.of(CacheTrust.KEY_ENV, SECRET, CacheTrust.KEY_FILE_ENV, file.toString()));
    bad.put("too short", Map.of(CacheTrust.KEY_ENV, "short-secret"));
    bad.put("absolute path", Map.of(CacheTrust.KEY_FILE_ENV, "key"));
    bad.put("cannot read it", Map.of(CacheTrust.KEY_FILE_ENV, dir.resolve("absent").toString()));
    bad.put(
        "invalid writer name",
        Map.of(CacheTrust.KEY_ENV, SECRET, CacheTrust.WRITER_ENV, "release job\nwriter evil"));
    bad.put(
        "names untagged records",
        Map.of(CacheTrust.KEY_ENV, SECRET, CacheTrust.WRITER_ENV, CacheTrust.UNTAGGED));
    bad.forEach(
        (why, env) ->
            assertThatThrownBy(() -> CacheTrust.fromEnvironment(env))
                .as(why)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why)
                .hasMessageContaining("SLIPWAY_CACHE_")
                .message()
                .doesNotContain(SECRET)
                .doesNotContain("short-secret"));
  }
}
