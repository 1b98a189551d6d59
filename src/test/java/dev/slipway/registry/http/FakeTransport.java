package dev.slipway.registry.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** A scripted transport: answers in order, records requests and the bodies that were sent. */
public final class FakeTransport implements Transport {
  /** One scripted answer: a response, or an IOException to throw. */
  public interface Answer {
    Response answer(Request request) throws IOException;
  }

  private final Deque<Answer> answers = new ArrayDeque<>();
  public final List<Request> requests = new ArrayList<>();
  public final List<String> bodies = new ArrayList<>();

  public FakeTransport respond(int status, Map<String, String> headers, String body) {
    answers.add(
        request -> {
          Headers h = Headers.empty();
          for (Map.Entry<String, String> e : headers.entrySet()) {
            h = h.with(e.getKey(), e.getValue());
          }
          return new Response(request, status, h, new ByteArrayInputStream(body.getBytes(UTF_8)));
        });
    return this;
  }

  public FakeTransport respond(int status) {
    return respond(status, Map.of(), "");
  }

  public FakeTransport fail(IOException e) {
    answers.add(
        request -> {
          throw e;
        });
    return this;
  }

  @Override
  public Response execute(Request request) throws IOException {
    requests.add(request);
    if (request.body() != null) {
      try (var in = request.body().open()) {
        bodies.add(new String(in.readAllBytes(), UTF_8));
      }
    }
    if (answers.isEmpty()) {
      throw new AssertionError("unexpected request " + request);
    }
    return answers.removeFirst().answer(request);
  }
}
