package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a Chrome trace in the JSON Object Format as a viewer needs it: every event has its
 * required fields with the right types, complete events on one thread never overlap, and one {@code
 * cat=build} event covers every other.
 */
public final class TraceEvents {
  private TraceEvents() {}

  /** Parses and checks {@code json}; returns its complete ({@code X}) events. */
  public static List<JsonNode> check(byte[] json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json);
    assertThat(root.isObject()).isTrue();
    assertThat(root.path("displayTimeUnit").asText()).isEqualTo("ms");
    JsonNode events = root.path("traceEvents");
    assertThat(events.isArray()).isTrue();
    List<JsonNode> complete = new ArrayList<>();
    Map<Long, String> threadNames = new HashMap<>();
    for (JsonNode e : events) {
      assertThat(e.path("name").isTextual()).as(e.toString()).isTrue();
      assertThat(e.path("ph").isTextual()).as(e.toString()).isTrue();
      assertThat(e.path("pid").isIntegralNumber()).as(e.toString()).isTrue();
      assertThat(e.path("tid").isIntegralNumber()).as(e.toString()).isTrue();
      switch (e.path("ph").asText()) {
        case "X" -> {
          assertThat(e.path("ts").isNumber()).as(e.toString()).isTrue();
          assertThat(e.path("dur").isNumber()).as(e.toString()).isTrue();
          assertThat(e.path("ts").asLong()).as(e.toString()).isNotNegative();
          assertThat(e.path("dur").asLong()).as(e.toString()).isNotNegative();
          assertThat(e.path("cat").isTextual()).as(e.toString()).isTrue();
          assertThat(e.path("args").isObject()).as(e.toString()).isTrue();
          complete.add(e);
        }
        case "M" -> {
          assertThat(e.path("name").asText()).isIn("process_name", "thread_name");
          assertThat(e.path("args").path("name").isTextual()).as(e.toString()).isTrue();
          if (e.path("name").asText().equals("thread_name")) {
            threadNames.put(e.path("tid").asLong(), e.path("args").path("name").asText());
          }
        }
        default -> throw new AssertionError("unexpected phase in " + e);
      }
    }
    List<JsonNode> builds =
        complete.stream().filter(e -> e.path("cat").asText().equals("build")).toList();
    assertThat(builds).hasSize(1);
    long buildEnd = builds.get(0).path("ts").asLong() + builds.get(0).path("dur").asLong();
    Map<Long, List<JsonNode>> byThread = new HashMap<>();
    for (JsonNode e : complete) {
      assertThat(threadNames).as("thread name for " + e).containsKey(e.path("tid").asLong());
      assertThat(e.path("ts").asLong()).isGreaterThanOrEqualTo(builds.get(0).path("ts").asLong());
      assertThat(e.path("ts").asLong() + e.path("dur").asLong())
          .as("inside the build: " + e)
          .isLessThanOrEqualTo(buildEnd);
      byThread.computeIfAbsent(e.path("tid").asLong(), k -> new ArrayList<>()).add(e);
    }
    for (List<JsonNode> lane : byThread.values()) {
      lane.sort((a, b) -> Long.compare(a.path("ts").asLong(), b.path("ts").asLong()));
      for (int i = 1; i < lane.size(); i++) {
        JsonNode prev = lane.get(i - 1);
        assertThat(prev.path("ts").asLong() + prev.path("dur").asLong())
            .as("overlap on tid " + prev.path("tid") + ": " + prev + " and " + lane.get(i))
            .isLessThanOrEqualTo(lane.get(i).path("ts").asLong());
      }
    }
    return complete;
  }
}
