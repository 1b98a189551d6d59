package dev.slipway.core;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** CompletableFuture helpers for tasks that throw checked exceptions. */
public final class Tasks {
  private Tasks() {}

  /** A checked-exception function, for chaining stages. */
  @FunctionalInterface
  public interface Step<T, R> {
    R apply(T value) throws Exception;
  }

  public static <T> CompletableFuture<T> async(Callable<T> task, Executor executor) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return task.call();
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        },
        executor);
  }

  /** Runs {@code step} on {@code executor} once {@code input} completes. */
  public static <T, R> CompletableFuture<R> then(
      CompletableFuture<T> input, Step<T, R> step, Executor executor) {
    return input.thenApplyAsync(
        value -> {
          try {
            return step.apply(value);
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        },
        executor);
  }
}
