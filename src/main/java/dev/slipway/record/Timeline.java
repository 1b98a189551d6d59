package dev.slipway.record;

import java.util.ArrayList;
import java.util.List;

/** Stage spans of one build, measured from its start. Safe to use from several threads. */
public final class Timeline {
  private final long startNanos = System.nanoTime();
  private final long startEpochMs = System.currentTimeMillis();
  private final List<Span> spans = new ArrayList<>();
  private final Listener listener;

  /** Told when stages start and finish, for progress output. Called from the stage's thread. */
  public interface Listener {
    Listener NONE = new Listener() {};

    default void started(String name, String detail) {}

    default void finished(Span span) {}
  }

  public Timeline() {
    this(Listener.NONE);
  }

  public Timeline(Listener listener) {
    this.listener = listener;
  }

  /** A finished stage; {@code detail} names the target or platform where a stage repeats. */
  public record Span(String name, String detail, long startMs, long durationMs) {}

  /** An open stage; closing it records the span. */
  public final class Stage implements AutoCloseable {
    private final String name;
    private final String detail;
    private final long begin = System.nanoTime();

    private boolean closed;

    private Stage(String name, String detail) {
      this.name = name;
      this.detail = detail;
      listener.started(name, detail);
    }

    @Override
    public void close() {
      long end = System.nanoTime();
      Span span =
          new Span(name, detail, (begin - startNanos) / 1_000_000, (end - begin) / 1_000_000);
      synchronized (spans) {
        if (closed) {
          return;
        }
        closed = true;
        spans.add(span);
      }
      listener.finished(span);
    }
  }

  /**
   * Records a span measured elsewhere by the wall clock (a step inside go), placed against this
   * timeline's start.
   */
  public void span(String name, String detail, java.time.Instant start, java.time.Instant end) {
    long begin = Math.max(0, start.toEpochMilli() - startEpochMs);
    Span span =
        new Span(name, detail, begin, Math.max(0, end.toEpochMilli() - start.toEpochMilli()));
    synchronized (spans) {
      spans.add(span);
    }
    listener.finished(span);
  }

  public Stage stage(String name) {
    return new Stage(name, "");
  }

  public Stage stage(String name, String detail) {
    return new Stage(name, detail);
  }

  public long elapsedMs() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  public List<Span> spans() {
    synchronized (spans) {
      List<Span> copy = new ArrayList<>(spans);
      copy.sort((a, b) -> Long.compare(a.startMs(), b.startMs()));
      return copy;
    }
  }
}
