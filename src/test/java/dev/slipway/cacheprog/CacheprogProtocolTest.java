package dev.slipway.cacheprog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.build.TieredActionStore;
import dev.slipway.cache.LocalCache;
import dev.slipway.cache.TieredCache;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheprogProtocolTest {
  @TempDir Path dir;
  private TieredCache cache;
  private ActionStore store;
  private ExecutorService workers;

  /** The protocol over the store that ships, with its local tier. */
  @BeforeEach
  void setUp() {
    cache = new TieredCache(new LocalCache(dir.resolve("actions")), List.of(), w -> {});
    store = new TieredActionStore(cache);
    workers = Executors.newFixedThreadPool(4);
  }

  @AfterEach
  void tearDown() {
    workers.shutdownNow();
    cache.close();
  }

  private List<JsonNode> serve(Requests requests) throws IOException {
    return serve(new ByteArrayInputStream(requests.bytes()));
  }

  private List<JsonNode> serve(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CacheprogProtocol.serve(in, out, store, workers);
    return Requests.answers(out.toByteArray());
  }

  private static Map<Long, JsonNode> byId(List<JsonNode> answers) {
    return answers.stream()
        .collect(Collectors.toMap(a -> a.get("ID").asLong(), Function.identity()));
  }

  @Test
  void theServerWritesTheHandshakeBeforeReadingAnything() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] close = new Requests().close(1).bytes();
    InputStream in =
        new InputStream() {
          private final InputStream rest = new ByteArrayInputStream(close);
          private boolean checked;

          @Override
          public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (!checked) {
              checked = true;
              assertThat(out.toString(StandardCharsets.UTF_8))
                  .isEqualTo("{\"ID\":0,\"KnownCommands\":[\"get\",\"put\",\"close\"]}\n");
            }
            return rest.read(b, off, len);
          }
        };
    CacheprogProtocol.serve(in, out, store, workers);
    assertThat(Requests.answers(out.toByteArray())).hasSize(2);
  }

  @Test
  void anUnknownActionIsAMiss() throws IOException {
    List<JsonNode> answers = serve(new Requests().get(1, Requests.id(1)).close(2));
    JsonNode get = byId(answers).get(1L);
    assertThat(get.path("Miss").asBoolean()).isTrue();
    assertThat(get.has("Err")).isFalse();
    assertThat(get.has("DiskPath")).isFalse();
  }

  @Test
  void aPutIsThenAHitWhoseDiskPathHoldsTheBodyAsAnExecutable() throws IOException {
    byte[] body = "package object bytes\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
    Map<Long, JsonNode> answers =
        byId(serve(new Requests().put(1, Requests.id(7), body).get(2, Requests.id(7)).close(3)));

    Path put = Path.of(answers.get(1L).get("DiskPath").asText());
    JsonNode hit = answers.get(2L);
    assertThat(hit.path("Miss").asBoolean()).isFalse();
    assertThat(Base64.getDecoder().decode(hit.get("OutputID").asText()))
        .isEqualTo(Requests.sha256(body));
    assertThat(hit.get("Size").asLong()).isEqualTo(body.length);
    assertThat(hit.get("Time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    Path disk = Path.of(hit.get("DiskPath").asText());
    assertThat(disk).isEqualTo(put).isAbsolute();
    assertThat(disk.getFileName().toString()).doesNotContain(".");
    assertThat(Files.readAllBytes(disk)).isEqualTo(body);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(disk)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void anEmptyBodyIsPutWithoutABodyLine() throws IOException {
    Map<Long, JsonNode> answers =
        byId(
            serve(
                new Requests()
                    .put(1, Requests.id(2), new byte[0])
                    .get(2, Requests.id(2))
                    .close(3)));
    assertThat(answers.get(1L).has("Err")).isFalse();
    assertThat(answers.get(2L).get("Size").asLong()).isZero();
    assertThat(Files.size(Path.of(answers.get(2L).get("DiskPath").asText()))).isZero();
  }

  @Test
  void blankLinesAndBodiesAsJsonStringsAreReadAsTheGoCommandFramesThem() throws IOException {
    byte[] body = {(byte) 0xfb, (byte) 0xff, 0, 1, 2};
    String request =
        "\n\n{\"ID\":5,\"Command\":\"put\",\"ActionID\":\""
            + Requests.b64(Requests.id(3))
            + "\",\"OutputID\":\""
            + Requests.b64(Requests.sha256(body))
            + "\",\"BodySize\":5}\n\n\n\""
            + Requests.b64(body)
            + "\"\n\n\n";
    Map<Long, JsonNode> answers =
        byId(serve(new Requests().raw(request).get(6, Requests.id(3)).close(7)));
    assertThat(answers.get(5L).has("Err")).isFalse();
    assertThat(Files.readAllBytes(Path.of(answers.get(6L).get("DiskPath").asText())))
        .isEqualTo(body);
  }

  @Test
  void anUnknownCommandIsAnErrorAnswerAndTheSessionGoesOn() throws IOException {
    Map<Long, JsonNode> answers =
        byId(
            serve(
                new Requests()
                    .raw("{\"ID\":1,\"Command\":\"frobnicate\"}\n\n")
                    .get(2, Requests.id(1))
                    .close(3)));
    assertThat(answers.get(1L).get("Err").asText()).contains("frobnicate");
    assertThat(answers.get(2L).path("Miss").asBoolean()).isTrue();
    assertThat(answers).containsKey(3L);
  }

  @Test
  void aBodyThatDisagreesWithItsOutputIdIsAnErrorAnswer() throws IOException {
    String request =
        "{\"ID\":1,\"Command\":\"put\",\"ActionID\":\""
            + Requests.b64(Requests.id(4))
            + "\",\"OutputID\":\""
            + Requests.b64(Requests.sha256(new byte[] {1}))
            + "\",\"BodySize\":1}\n\n\""
            + Requests.b64(new byte[] {2})
            + "\"\n";
    Map<Long, JsonNode> answers =
        byId(serve(new Requests().raw(request).get(2, Requests.id(4)).close(3)));
    assertThat(answers.get(1L).get("Err").asText()).contains("SHA-256");
    assertThat(answers.get(2L).path("Miss").asBoolean()).isTrue();
  }

  @Test
  void concurrentGetsAreAllAnsweredWithTheirOwnIds() throws IOException {
    Requests requests = new Requests();
    for (int i = 0; i < 50; i++) {
      requests.put(1000 + i, Requests.id(i), ("body " + i).getBytes(StandardCharsets.UTF_8));
    }
    for (int i = 0; i < 100; i++) {
      requests.get(1 + i, Requests.id(i));
    }
    Map<Long, JsonNode> answers = byId(serve(requests.close(2000)));
    assertThat(answers).hasSize(1 + 50 + 100 + 1);
    for (int i = 0; i < 100; i++) {
      JsonNode a = answers.get(1L + i);
      if (i < 50) {
        assertThat(Files.readString(Path.of(a.get("DiskPath").asText()))).isEqualTo("body " + i);
      } else {
        assertThat(a.path("Miss").asBoolean()).isTrue();
      }
    }
  }

  /**
   * go's parallel actions put together: a put does not wait for another to be stored. The store
   * lets no put finish until two are under way, which puts one at a time never reach.
   */
  @Test
  void putsOfDifferentActionsAreStoredAtTheSameTime() throws IOException {
    CyclicBarrier both = new CyclicBarrier(2);
    ActionStore real = store;
    store =
        new ActionStore() {
          @Override
          public Optional<Entry> get(byte[] actionId) throws IOException {
            return real.get(actionId);
          }

          @Override
          public Path put(byte[] actionId, byte[] outputId, long size, InputStream body)
              throws IOException {
            try {
              both.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
              throw new IOException("the other put never came", e);
            }
            return real.put(actionId, outputId, size, body);
          }
        };
    byte[] a = "archive a".getBytes(StandardCharsets.UTF_8);
    byte[] b = "archive b".getBytes(StandardCharsets.UTF_8);
    Map<Long, JsonNode> answers =
        byId(
            serve(
                new Requests()
                    .put(1, Requests.id(1), a)
                    .put(2, Requests.id(2), b)
                    .get(3, Requests.id(2))
                    .close(4)));
    assertThat(answers.get(1L).has("Err")).as(answers.get(1L).toString()).isFalse();
    assertThat(answers.get(2L).has("Err")).as(answers.get(2L).toString()).isFalse();
    // A get waits for its action's put, so it still sees it.
    assertThat(Files.readAllBytes(Path.of(answers.get(3L).get("DiskPath").asText()))).isEqualTo(b);
  }

  @Test
  void closeIsAnsweredLastAndEndsTheSession() throws IOException {
    byte[] after = new Requests().get(9, Requests.id(1)).bytes();
    InputStream in =
        new java.io.SequenceInputStream(
            new ByteArrayInputStream(new Requests().get(1, Requests.id(1)).close(2).bytes()),
            new ByteArrayInputStream(after));
    List<JsonNode> answers = serve(in);
    assertThat(answers).extracting(a -> a.get("ID").asLong()).containsExactly(0L, 1L, 2L);
    assertThat(Set.copyOf(answers.get(2).properties().stream().map(Map.Entry::getKey).toList()))
        .containsExactly("ID");
  }
}
