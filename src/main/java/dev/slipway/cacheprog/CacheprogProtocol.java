package dev.slipway.cacheprog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * One go process's GOCACHEPROG conversation: the handshake, then requests read with a streaming
 * JSON parser (objects separated by blank lines; a put's body follows as a base64 JSON string),
 * answered from an {@link ActionStore}. Gets and puts run in parallel on {@code workers}, so
 * answers may come in any order: go waits for each put's answer before that action is done, and its
 * -p actions finish together, so puts done one at a time would hold all but one of them (each put
 * hashes and writes its body, megabytes for a package archive). A get of an action whose put is
 * still running waits for it, so a later get sees every earlier put. A put's body is read off the
 * stream before the next request, as it lies inline. Each answer is written whole, under a lock,
 * and flushed.
 */
public final class CacheprogProtocol {
  private static final JsonFactory JSON = new JsonFactory();
  // Bodies up to this size are decoded in memory; larger ones (linked binaries) spill to a file.
  private static final long IN_MEMORY_BODY = 8L << 20;

  private final ActionStore store;
  private final Executor workers;
  private final OutputStream out;
  private final Object writeLock = new Object();

  private CacheprogProtocol(ActionStore store, Executor workers, OutputStream out) {
    this.store = store;
    this.workers = workers;
    this.out = out;
  }

  /**
   * Serves requests from {@code in} until a {@code close} (answered, after every earlier request)
   * or the end of input. Malformed framing ends the conversation with an IOException; a request
   * that fails gets an {@code Err} answer instead.
   */
  public static void serve(InputStream in, OutputStream out, ActionStore store, Executor workers)
      throws IOException {
    new CacheprogProtocol(store, workers, out).run(in);
  }

  private record Request(long id, String command, byte[] actionId, byte[] outputId, long size) {}

  private void run(InputStream in) throws IOException {
    respond(
        g -> {
          g.writeNumberField("ID", 0);
          g.writeArrayFieldStart("KnownCommands");
          g.writeString("get");
          g.writeString("put");
          g.writeString("close");
          g.writeEndArray();
        });
    List<Future<?>> pending = new ArrayList<>();
    Map<String, Future<?>> puts = new HashMap<>();
    try (JsonParser parser = JSON.createParser(in)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token != JsonToken.START_OBJECT) {
          throw new IOException("GOCACHEPROG: expected a request object, got " + token);
        }
        Request request = read(parser);
        pending.removeIf(Future::isDone);
        puts.values().removeIf(Future::isDone);
        String action = HexFormat.of().formatHex(request.actionId);
        switch (request.command) {
          case "get" -> {
            Future<?> put = puts.get(action);
            pending.add(
                submit(
                    request.id,
                    () -> {
                      awaitQuietly(put);
                      get(request);
                    }));
          }
          case "put" -> {
            Body body = body(parser, request);
            Future<?> earlier = puts.get(action);
            Future<?> put =
                submit(
                    request.id,
                    () -> {
                      awaitQuietly(earlier); // the same action twice: the last put wins
                      put(request, body);
                    });
            pending.add(put);
            puts.put(action, put);
          }
          case "close" -> {
            await(pending);
            respond(g -> g.writeNumberField("ID", request.id));
            return;
          }
          default ->
              respond(
                  g -> {
                    g.writeNumberField("ID", request.id);
                    g.writeStringField("Err", "unknown command " + request.command);
                  });
        }
      }
      await(pending);
    }
  }

  private static Request read(JsonParser p) throws IOException {
    long id = -1;
    String command = "";
    byte[] actionId = new byte[0];
    byte[] outputId = new byte[0];
    long size = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "ID" -> id = p.getLongValue();
        case "Command" -> command = p.getText();
        case "ActionID" -> actionId = bytes(p, value);
        case "OutputID" -> outputId = bytes(p, value);
        case "ObjectID" -> {
          // The name before Go 1.24; newer go commands send both.
          if (outputId.length == 0) {
            outputId = bytes(p, value);
          }
        }
        case "BodySize" -> size = p.getLongValue();
        default -> p.skipChildren();
      }
    }
    if (id < 0) {
      throw new IOException("GOCACHEPROG: request without an ID");
    }
    return new Request(id, command, actionId, outputId, size);
  }

  private static byte[] bytes(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return new byte[0];
    }
    try {
      return Base64.getDecoder().decode(p.getText());
    } catch (IllegalArgumentException e) {
      throw new IOException("GOCACHEPROG: bad base64 in a request: " + e.getMessage(), e);
    }
  }

  /** A put's body, read off the stream before the next request. */
  private record Body(byte[] bytes, Path file) {
    InputStream open() throws IOException {
      return file == null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }

    void discard() throws IOException {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static Body body(JsonParser p, Request request) throws IOException {
    if (request.size <= 0) {
      return new Body(new byte[0], null);
    }
    if (p.nextToken() != JsonToken.VALUE_STRING) {
      throw new IOException("GOCACHEPROG: put " + request.id + " has no base64 body");
    }
    if (request.size <= IN_MEMORY_BODY) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) request.size);
      p.readBinaryValue(buffer);
      return new Body(buffer.toByteArray(), null);
    }
    Path file = Files.createTempFile("slipway-cacheprog-", ".body");
    try (OutputStream o = Files.newOutputStream(file)) {
      p.readBinaryValue(o);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return new Body(null, file);
  }

  private void get(Request r) throws IOException {
    Optional<ActionStore.Entry> hit = store.get(r.actionId);
    respond(
        g -> {
          g.writeNumberField("ID", r.id);
          if (hit.isEmpty()) {
            g.writeBooleanField("Miss", true);
            return;
          }
          ActionStore.Entry e = hit.get();
          g.writeStringField("OutputID", Base64.getEncoder().encodeToString(e.outputId()));
          g.writeNumberField("Size", e.size());
          g.writeStringField("Time", e.time().toString());
          g.writeStringField("DiskPath", e.diskPath().toAbsolutePath().toString());
        });
  }

  private void put(Request r, Body body) throws IOException {
    Path path;
    try (InputStream in = body.open()) {
      path = store.put(r.actionId, r.outputId, r.size, in);
    } finally {
      body.discard();
    }
    respond(
        g -> {
          g.writeNumberField("ID", r.id);
          g.writeStringField("DiskPath", path.toAbsolutePath().toString());
        });
  }

  private interface Handler {
    void run() throws IOException;
  }

  /** Runs {@code handler} on a worker; a failure becomes that request's {@code Err} answer. */
  private Future<?> submit(long id, Handler handler) {
    FutureTask<Void> task =
        new FutureTask<>(
            () -> {
              answer(id, handler);
              return null;
            });
    workers.execute(task);
    return task;
  }

  private void answer(long id, Handler handler) throws IOException {
    try {
      handler.run();
    } catch (IOException | RuntimeException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      respond(
          g -> {
            g.writeNumberField("ID", id);
            g.writeStringField("Err", "slipway: " + message);
          });
    }
  }

  /**
   * Waits for an earlier request on the same action; its own failure was answered already. A worker
   * waits only for a task submitted before its own, which the pool has started already.
   */
  private static void awaitQuietly(Future<?> earlier) {
    if (earlier == null) {
      return;
    }
    try {
      earlier.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // answered with its Err
    }
  }

  private static void await(List<Future<?>> pending) throws IOException {
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while answering the go command", e);
      } catch (ExecutionException e) {
        // Handlers answer their own failures with Err; only a failed write gets here.
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        throw new IOException(e.getCause());
      }
    }
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private void respond(Fields fields) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(buffer)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    }
    buffer.write('\n');
    synchronized (writeLock) {
      buffer.writeTo(out);
      out.flush();
    }
  }
}
