package dev.slipway.modules;

import dev.slipway.core.BackgroundWriter;
import dev.slipway.core.Digest;
import dev.slipway.core.ModuleVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The remote caches a build shares module files through, in order. A module comes from the first
 * remote that has it whole and whose copy go.sum vouches for; a copy go.sum refuses is named in a
 * warning, skipped, and overwritten once the module is fetched from elsewhere. Writes run in the
 * background. A remote that fails (unreachable, timed out) is switched off for the rest of the run
 * with one warning, as the compile cache's remotes are.
 */
public final class RemoteModules implements AutoCloseable {
  private static final String INDEX_SALT = "slipway module index v1\n";

  private final List<Remote> remotes = new ArrayList<>();
  private final Consumer<String> warnings;
  private final BackgroundWriter writer;

  private static final class Remote {
    final ModuleRemote store;
    final AtomicBoolean disabled = new AtomicBoolean();

    Remote(ModuleRemote store) {
      this.store = store;
    }
  }

  /** What came from a remote: the admitted module and the bytes read for it. */
  record Hit(StoredModule module, String remote, long modBytes, long zipBytes) {}

  public RemoteModules(List<? extends ModuleRemote> stores, Consumer<String> warnings) {
    stores.forEach(s -> remotes.add(new Remote(s)));
    this.warnings = warnings;
    this.writer = stores.isEmpty() ? null : new BackgroundWriter("slipway-module-write", 4, 64);
  }

  public static RemoteModules none() {
    return new RemoteModules(List.of(), m -> {});
  }

  public boolean isEmpty() {
    return remotes.isEmpty();
  }

  /** The key a module version's index is stored under in every remote. */
  public static String indexKey(ModuleVersion mv) {
    String hex = Digest.sha256Of((INDEX_SALT + mv).getBytes(StandardCharsets.UTF_8)).hex();
    return "mod-" + hex.substring(0, 40);
  }

  /**
   * The module from the first remote that has its go.mod (and its zip when {@code needZip}), after
   * {@link ModuleStore#admit} accepted it; empty when no remote has a copy go.sum vouches for.
   *
   * @param info the .info body already at hand, or null to take the remote's
   */
  Optional<Hit> fetch(
      ModuleStore store, ModuleVersion mv, boolean needZip, byte[] info, Expected expected)
      throws IOException {
    for (Remote r : remotes) {
      if (r.disabled.get()) {
        continue;
      }
      Path zip = null;
      try {
        Optional<byte[]> index = r.store.getRecord(indexKey(mv));
        if (index.isEmpty()) {
          continue;
        }
        StoredModule listed;
        try {
          listed = StoredModule.fromIndex(new String(index.get(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
          refused(r, mv, "its index is unreadable");
          continue;
        }
        if (!listed.module().equals(mv)) {
          refused(r, mv, "its index is for " + listed.module());
          continue;
        }
        if (needZip && !listed.hasZip()) {
          continue;
        }
        Optional<byte[]> mod = small(r, store, listed.mod());
        if (mod.isEmpty()) {
          refusedOrMissing(r, mv, listed.mod());
          continue;
        }
        byte[] infoBody = info;
        if (infoBody == null && listed.info().isPresent()) {
          infoBody = small(r, store, listed.info().get()).orElse(null);
        }
        long zipBytes = 0;
        if (needZip) {
          zip = temp(store);
          if (!r.store.getBlob(listed.zip().orElseThrow(), zip)) {
            continue;
          }
          zipBytes = Files.size(zip);
        }
        try {
          StoredModule admitted = store.admit(mv, infoBody, mod.get(), zip, expected, false);
          return Optional.of(new Hit(admitted, r.store.name(), mod.get().length, zipBytes));
        } catch (ModuleRejectedException e) {
          refused(r, mv, e.getMessage());
        }
      } catch (IOException | RuntimeException e) {
        fail(r, "reading modules", e);
      } finally {
        if (zip != null) {
          Files.deleteIfExists(zip);
        }
      }
    }
    return Optional.empty();
  }

  /** A small blob whose bytes match its digest, or empty (missing, or something else). */
  private static Optional<byte[]> small(Remote r, ModuleStore store, Digest digest)
      throws IOException {
    Path temp = temp(store);
    try {
      if (!r.store.getBlob(digest, temp)) {
        return Optional.empty();
      }
      byte[] bytes = Files.readAllBytes(temp);
      return Digest.sha256Of(bytes).equals(digest) ? Optional.of(bytes) : Optional.empty();
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private void refusedOrMissing(Remote r, ModuleVersion mv, Digest digest) {
    refused(r, mv, "its go.mod blob " + digest + " is missing or does not match its digest");
  }

  private void refused(Remote r, ModuleVersion mv, String why) {
    warnings.accept(
        "remote cache "
            + r.store.name()
            + ": refused its copy of "
            + mv
            + ": "
            + why
            + "; fetching it elsewhere");
  }

  private static Path temp(ModuleStore store) throws IOException {
    Path dir = store.root().resolve("tmp");
    Files.createDirectories(dir);
    return Files.createTempFile(dir, "remote.", ".tmp");
  }

  /**
   * Queues the module's blobs, then its index, for every remote before {@code upTo} (all when
   * null): the ones that did not have it.
   */
  void upload(ModuleStore store, StoredModule sm, String upTo) {
    for (Remote r : remotes) {
      if (r.store.name().equals(upTo)) {
        return;
      }
      submit(
          r,
          () -> {
            List<Digest> blobs = new ArrayList<>();
            sm.info().ifPresent(blobs::add);
            blobs.add(sm.mod());
            sm.zip().ifPresent(blobs::add);
            for (Digest d : blobs) {
              Path file = store.blob(d);
              r.store.putBlob(d, file, Files.size(file));
            }
            r.store.putRecord(indexKey(sm.module()), sm.toIndex().getBytes(StandardCharsets.UTF_8));
          });
    }
  }

  /** A record from the first remote that has it. */
  public Optional<byte[]> getRecord(String key) {
    for (Remote r : remotes) {
      if (r.disabled.get()) {
        continue;
      }
      try {
        Optional<byte[]> found = r.store.getRecord(key);
        if (found.isPresent()) {
          return found;
        }
      } catch (IOException | RuntimeException e) {
        fail(r, "reading modules", e);
      }
    }
    return Optional.empty();
  }

  /** Queues a record for every remote. */
  public void putRecord(String key, byte[] value) {
    for (Remote r : remotes) {
      submit(r, () -> r.store.putRecord(key, value));
    }
  }

  @FunctionalInterface
  private interface Write {
    void run() throws IOException;
  }

  private void submit(Remote r, Write write) {
    if (r.disabled.get() || r.store.readOnly()) {
      return;
    }
    writer.submit(
        () -> {
          try {
            if (!r.disabled.get()) {
              write.run();
            }
          } catch (NoSuchFileException e) {
            // the local copy was evicted meanwhile: the next build that fetches it uploads it
          } catch (IOException | RuntimeException e) {
            fail(r, "writing modules", e);
          }
        });
  }

  /** Waits until every queued write has finished; false if {@code timeout} passed first. */
  public boolean flush(Duration timeout) throws InterruptedException {
    return writer == null || writer.flush(timeout);
  }

  private void fail(Remote r, String during, Exception e) {
    if (r.disabled.compareAndSet(false, true)) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      String prefix = r.store.name() + ": ";
      if (message.startsWith(prefix)) {
        message = message.substring(prefix.length());
      }
      warnings.accept(
          "remote cache "
              + r.store.name()
              + " failed while "
              + during
              + " ("
              + message
              + "); modules come from the local store and upstream for the rest of this run");
    }
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
    for (Remote r : remotes) {
      try {
        r.store.close();
      } catch (IOException | RuntimeException e) {
        // closing a connection pool at exit has nothing useful to report
      }
    }
  }
}
