package dev.slipway.modules;

import dev.slipway.core.ModuleVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches many modules into the store at once, before the go command asks for each in turn. A
 * module with a zip line in go.sum is fetched whole; one with only a {@code /go.mod} line gets its
 * go.mod only. GONOPROXY/GOPRIVATE modules are skipped: the go command fetches those direct.
 */
public final class ModuleWarmer {
  private final GoProxySettings settings;
  private final int parallelism;
  private final ModuleFetcher fetcher;
  private final boolean privateModules;
  private volatile boolean stopped;

  /** One file to warm: a module's go.mod, or its go.mod and zip. */
  public record Want(ModuleVersion module, boolean zip) {}

  /** Called once per module as it finishes, from any thread. */
  @FunctionalInterface
  public interface Progress {
    void done(ModuleVersion module, Outcome outcome, int completed, int total);
  }

  /** What happened to one module. */
  public enum Outcome {
    ALREADY_STORED,
    FETCHED,
    SKIPPED_PRIVATE,
    FAILED,
    /** Not started: {@link #stop()} came first. */
    STOPPED
  }

  /**
   * The totals, why each failed module failed, and how many zips went into go's module cache as
   * well.
   */
  public record Result(
      Map<ModuleVersion, Outcome> outcomes, Map<ModuleVersion, String> failures, int unpacked) {
    public long count(Outcome o) {
      return outcomes.values().stream().filter(o::equals).count();
    }
  }

  /** A warmer over a proxy's own fetcher (see {@link ModuleProxy#warmer}). */
  ModuleWarmer(
      ModuleFetcher fetcher, GoProxySettings settings, int parallelism, boolean privateModules) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
    }
    this.settings = settings;
    this.parallelism = parallelism;
    this.fetcher = fetcher;
    this.privateModules = privateModules;
  }

  /**
   * Starts nothing more: files not yet started are left ({@link Outcome#STOPPED}); the ones being
   * fetched finish, so no download is thrown away.
   */
  public void stop() {
    stopped = true;
  }

  /** Warms every module; failures are collected, not thrown, so one bad module stops nothing. */
  public Result warm(Collection<ModuleVersion> modules, Expected expected, Progress progress)
      throws InterruptedException {
    List<Want> wants =
        modules.stream()
            .distinct()
            .sorted()
            .map(mv -> new Want(mv, expected.zipHash(mv).isPresent()))
            .toList();
    return run(wants, progress, null);
  }

  /** Warms exactly these files, through the proxy's fetcher. */
  public Result warmFiles(Collection<Want> wants, Progress progress) throws InterruptedException {
    return run(List.copyOf(wants), progress, null);
  }

  /**
   * Warms exactly these files and unpacks each zip into go's module cache as soon as it is stored,
   * where go has not begun that module (see {@link GoModCache}); the proxy must hold go's zip
   * requests on the same cache ({@link ModuleProxy#gateZipsOn}). Each zip unpacked is in the
   * proxy's stats ({@link ModuleStats#unpacked}).
   */
  public Result warmFiles(Collection<Want> wants, Progress progress, GoModCache unpackInto)
      throws InterruptedException {
    return run(List.copyOf(wants), progress, unpackInto);
  }

  private Result run(List<Want> todo, Progress progress, GoModCache unpackInto)
      throws InterruptedException {
    Map<ModuleVersion, Outcome> outcomes = new TreeMap<>();
    Map<ModuleVersion, String> failures = new TreeMap<>();
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger unpacked = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallelism, Math.max(1, todo.size())),
            dev.slipway.core.DaemonThreads.named("slipway-module-warm"));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Want want : todo) {
        ModuleVersion mv = want.module();
        futures.add(
            pool.submit(
                () -> {
                  String failure = null;
                  Outcome o;
                  try {
                    o = stopped ? Outcome.STOPPED : warmOne(want, unpackInto, unpacked);
                  } catch (ModuleRejectedException | ModuleFetcher.Unavailable e) {
                    o = Outcome.FAILED;
                    failure = e.getMessage();
                  } catch (IOException | RuntimeException e) {
                    o = Outcome.FAILED;
                    failure = mv + ": " + e;
                  }
                  synchronized (outcomes) {
                    outcomes.merge(mv, o, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                    if (failure != null) {
                      failures.put(mv, failure);
                    }
                  }
                  progress.done(mv, o, completed.incrementAndGet(), todo.size());
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new Result(Map.copyOf(outcomes), Map.copyOf(failures), unpacked.get());
  }

  private Outcome warmOne(Want want, GoModCache unpackInto, AtomicInteger unpacked)
      throws ModuleRejectedException, ModuleFetcher.Unavailable, IOException {
    ModuleVersion mv = want.module();
    if (settings.bypassesProxy(mv.path()) && !privateModules) {
      return Outcome.SKIPPED_PRIVATE;
    }
    ModuleFetcher.Fetched f = fetcher.ensure(mv, want.zip(), null);
    if (unpackInto != null && want.zip() && unpackInto.wants(mv)) {
      unpack(f, unpackInto, unpacked);
    }
    return f.tier() == Tier.LOCAL ? Outcome.ALREADY_STORED : Outcome.FETCHED;
  }

  private void unpack(ModuleFetcher.Fetched f, GoModCache into, AtomicInteger unpacked) {
    ModuleVersion mv = f.module().module();
    Optional<String> sum = fetcher.expected().zipHash(mv);
    if (sum.isEmpty() || f.module().zip().isEmpty()) {
      return; // go.sum does not vouch for the zip: go asks for it and checks it itself
    }
    long start = System.nanoTime();
    Path zip = fetcher.store().blob(f.module().zip().get());
    try {
      if (into.unpack(mv, zip, sum.get()) == GoModCache.Outcome.UNPACKED) {
        unpacked.incrementAndGet();
        fetcher
            .stats()
            .unpacked(
                new ModuleStats.Unpacked(mv, f.tier(), Files.size(zip), System.nanoTime() - start));
      }
    } catch (ModuleRejectedException | IOException e) {
      // Nothing was put in place: go asks the proxy for the zip, which checks the stored copy
      // again and fetches it anew if that is what failed here.
    }
  }
}
