package dev.slipway.modules;

import dev.slipway.core.Digest;
import dev.slipway.core.ModuleVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@link ModuleStore#verifyStore()}: every blob is re-hashed against its name first, whether or not
 * an index names it, so one pass removes every damaged blob (a module with a damaged .info and a
 * damaged .mod loses both, not only the first). Then every index entry that names a removed or
 * missing blob, or whose go.mod or zip no longer has its recorded {@code h1:}, is dropped, so the
 * next build fetches that module again instead of failing on it.
 *
 * <p>Files whose names start with a dot are writers' temp files and are left alone. A blob that
 * appears after the listing (a concurrent admission) is hashed when an index names it.
 */
final class StoreVerifier {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private final ModuleStore store;
  private final Path blobs;
  private final Path index;
  private final ModuleZip.Limits limits;
  private final Set<String> intact = new HashSet<>();
  private final Map<String, String> removed = new HashMap<>();
  private final List<ModuleStore.BadBlob> badBlobs = new ArrayList<>();

  StoreVerifier(ModuleStore store, ModuleZip.Limits limits) {
    this.store = store;
    this.blobs = store.root().resolve("blobs").resolve("sha256");
    this.index = store.root().resolve("index");
    this.limits = limits;
  }

  ModuleStore.Verification run() throws IOException {
    long blobsChecked = 0;
    long bytes = 0;
    for (Path p : files(blobs)) {
      String name = p.getFileName().toString();
      try {
        bytes += Files.size(p);
        check(p, name);
        blobsChecked++;
      } catch (NoSuchFileException e) {
        // removed meanwhile by a build's eviction or another verify
      }
    }
    List<ModuleStore.BadModule> badModules = new ArrayList<>();
    List<Path> indexFiles = files(index);
    for (Path file : indexFiles) {
      ModuleVersion mv = null;
      String problem;
      try {
        StoredModule sm = StoredModule.fromIndex(Files.readString(file));
        mv = sm.module();
        problem = moduleProblem(sm);
        if (problem == null && !file.equals(store.indexFile(mv))) {
          problem = "index file is misplaced";
        }
      } catch (NoSuchFileException e) {
        if (mv == null) {
          continue; // the index itself went: a build's eviction or another verify
        }
        problem = "a blob went while it was checked: " + e.getMessage();
      } catch (IOException | RuntimeException e) {
        problem = (mv == null ? "unreadable index: " : "cannot be checked: ") + e.getMessage();
      }
      if (problem != null) {
        Files.deleteIfExists(file);
        badModules.add(new ModuleStore.BadModule(mv, index.relativize(file) + ": " + problem));
      }
    }
    return new ModuleStore.Verification(
        blobsChecked, bytes, List.copyOf(badBlobs), indexFiles.size(), badModules);
  }

  /** Hashes one blob; a bad one is removed and recorded. Returns the problem, or null. */
  private String check(Path p, String name) throws IOException {
    String problem = blobProblem(p, name);
    if (problem == null) {
      intact.add(name);
    } else {
      Files.deleteIfExists(p);
      removed.put(name, problem);
      badBlobs.add(new ModuleStore.BadBlob(name, problem));
    }
    return problem;
  }

  private static String blobProblem(Path p, String name) throws IOException {
    if (!HEX.matcher(name).matches()) {
      return "not named by a sha256 digest";
    }
    String actual = Hash1.sha256Hex(p);
    return actual.equals(name) ? null : "damaged: its content hashes to sha256:" + actual;
  }

  /** What is wrong with a stored module, or null. */
  private String moduleProblem(StoredModule sm) throws IOException {
    List<Digest> digests = new ArrayList<>();
    sm.info().ifPresent(digests::add);
    digests.add(sm.mod());
    sm.zip().ifPresent(digests::add);
    for (Digest d : digests) {
      String problem = namedBlobProblem(d);
      if (problem != null) {
        return "blob " + d + " " + problem;
      }
    }
    String modHash = Hash1.ofGoMod(Files.readAllBytes(store.blob(sm.mod())));
    if (!modHash.equals(sm.modHash())) {
      return "go.mod hashes to " + modHash + ", not " + sm.modHash();
    }
    if (sm.zip().isPresent()) {
      // A second read of the zip (the first hashed its bytes): h1 hashes the files inside it.
      try {
        String zipHash = ModuleZip.check(store.blob(sm.zip().get()), sm.module(), limits);
        if (!zipHash.equals(sm.zipHash().get())) {
          return "zip hashes to " + zipHash + ", not " + sm.zipHash().get();
        }
      } catch (ModuleRejectedException e) {
        return e.getMessage();
      }
    }
    return null;
  }

  private String namedBlobProblem(Digest d) throws IOException {
    String name = d.hex();
    if (intact.contains(name)) {
      return null;
    }
    if (removed.containsKey(name)) {
      return "was " + removed.get(name) + "; removed";
    }
    Path p = store.blob(d);
    if (!Files.exists(p)) {
      return "is missing";
    }
    String problem = check(p, name); // written after the listing
    return problem == null ? null : "was " + problem + "; removed";
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
