package dev.slipway.modules;

import dev.slipway.core.AtomicFiles;
import dev.slipway.core.CountingDigestOutputStream;
import dev.slipway.core.Digest;
import dev.slipway.core.ModuleVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The content-addressed module store under {@code <cacheDir>/modules}: {@code blobs/sha256/<hex>}
 * holds .info, .mod and .zip bodies, and {@code index/<escaped path>/@v/<escaped version>} names a
 * module version's blobs and verified {@code h1:} hashes.
 *
 * <p>A module is admitted only after its hashes match go.sum and its zip passes {@link ModuleZip}.
 * Blobs go first (temp file, atomic rename, "already exists" is success) and the index last, so a
 * reader never sees an index whose blobs are missing. Any number of threads and processes may share
 * one store without locks: concurrent writers of one blob write the same bytes, and concurrent
 * writers of one index write equivalent text.
 */
public final class ModuleStore {
  private final Path root;
  private final Path blobs;
  private final Path index;
  private final ModuleZip.Limits limits;

  public ModuleStore(Path cacheDir) {
    this(cacheDir, ModuleZip.Limits.GO);
  }

  public ModuleStore(Path cacheDir, ModuleZip.Limits limits) {
    this.root = cacheDir.resolve("modules");
    this.blobs = root.resolve("blobs").resolve("sha256");
    this.index = root.resolve("index");
    this.limits = limits;
  }

  public Path root() {
    return root;
  }

  /** The stored module, if its index and every blob it names are present. */
  public Optional<StoredModule> get(ModuleVersion mv) {
    try {
      StoredModule sm = StoredModule.fromIndex(Files.readString(indexFile(mv)));
      if (!sm.module().equals(mv)
          || !Files.exists(blob(sm.mod()))
          || sm.info().filter(d -> !Files.exists(blob(d))).isPresent()
          || sm.zip().filter(d -> !Files.exists(blob(d))).isPresent()) {
        return Optional.empty();
      }
      return Optional.of(sm);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // a missing or corrupt index is a miss
    }
  }

  /** Where a blob lives; it exists for every digest a {@link StoredModule} from here names. */
  public Path blob(Digest digest) {
    return blobs.resolve(digest.hex());
  }

  /** A small blob's bytes, or empty when it is missing or no longer matches its digest. */
  public Optional<byte[]> read(Digest digest) {
    try {
      byte[] bytes = Files.readAllBytes(blob(digest));
      return Digest.sha256Of(bytes).equals(digest) ? Optional.of(bytes) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * {@link #admit(ModuleVersion, byte[], byte[], Path, Expected, boolean)} trusting only go.sum.
   */
  public StoredModule admit(ModuleVersion mv, byte[] info, byte[] mod, Path zip, Expected expected)
      throws ModuleRejectedException, IOException {
    return admit(mv, info, mod, zip, expected, false);
  }

  /**
   * Verifies and stores a module version.
   *
   * @param info the .info body, or null when not known
   * @param zip the module zip, or null to admit the go.mod only
   * @param trustUnlisted admit hashes that go.sum does not list (for {@code proxy serve} or {@code
   *     go mod download} style use); otherwise an unlisted module is rejected
   * @throws ChecksumMismatchException when a hash disagrees with go.sum; nothing is written
   * @throws ModuleRejectedException when the zip is hostile or go.sum lacks the module
   */
  public StoredModule admit(
      ModuleVersion mv, byte[] info, byte[] mod, Path zip, Expected expected, boolean trustUnlisted)
      throws ModuleRejectedException, IOException {
    String modHash = Hash1.ofGoMod(mod);
    compare(mv, "go.mod", expected.modHash(mv), modHash, trustUnlisted);
    Optional<String> zipHash = Optional.empty();
    if (zip != null) {
      zipHash = Optional.of(ModuleZip.check(zip, mv, limits));
      compare(mv, "zip", expected.zipHash(mv), zipHash.get(), trustUnlisted);
    }
    Optional<StoredModule> before = get(mv);
    Optional<Digest> infoDigest =
        info != null ? Optional.of(writeBlob(info)) : before.flatMap(StoredModule::info);
    Digest modDigest = writeBlob(mod);
    Optional<Digest> zipDigest = Optional.empty();
    if (zip != null) {
      zipDigest = Optional.of(writeBlob(zip));
    } else if (before.isPresent() && before.get().mod().equals(modDigest)) {
      zipDigest = before.get().zip();
      zipHash = before.get().zipHash();
    }
    StoredModule sm = new StoredModule(mv, infoDigest, modDigest, modHash, zipDigest, zipHash);
    AtomicFiles.write(indexFile(mv), sm.toIndex().getBytes(StandardCharsets.UTF_8));
    return sm;
  }

  private static void compare(
      ModuleVersion mv, String what, Optional<String> expected, String got, boolean trustUnlisted)
      throws ModuleRejectedException {
    if (expected.isEmpty()) {
      if (!trustUnlisted) {
        String line = what.equals("go.mod") ? mv + "/go.mod" : mv.toString();
        throw new ModuleRejectedException(
            mv,
            "missing go.sum entry for "
                + line
                + " (upstream has "
                + got
                + "); nothing was admitted. To add it: go mod download "
                + mv);
      }
    } else if (!expected.get().equals(got)) {
      throw new ChecksumMismatchException(mv, what, expected.get(), got);
    }
  }

  private Digest writeBlob(byte[] bytes) throws IOException {
    Digest digest = Digest.sha256Of(bytes);
    Path target = blob(digest);
    if (Files.exists(target) && Files.size(target) == bytes.length) {
      return digest;
    }
    Path temp = AtomicFiles.tempSibling(target);
    try {
      Files.write(temp, bytes);
      AtomicFiles.move(temp, target, Files.exists(target)); // replace a truncated copy
    } finally {
      Files.deleteIfExists(temp);
    }
    return digest;
  }

  /** Copies a file into the blob store, hashing it in the same pass. */
  private Digest writeBlob(Path file) throws IOException {
    Files.createDirectories(blobs);
    Path temp = Files.createTempFile(blobs, ".incoming.", ".tmp");
    try {
      Digest digest;
      long size;
      try (InputStream in = Files.newInputStream(file);
          CountingDigestOutputStream out =
              new CountingDigestOutputStream(Files.newOutputStream(temp))) {
        in.transferTo(out);
        out.flush();
        digest = out.digest();
        size = out.count();
      }
      Path target = blob(digest);
      boolean damaged = Files.exists(target) && Files.size(target) != size;
      AtomicFiles.move(temp, target, damaged);
      return digest;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** A module that failed {@link #verify()}, and why. */
  public record BadModule(ModuleVersion module, String reason) {}

  /**
   * Re-hashes every stored module: each blob against its digest, the go.mod and zip against their
   * recorded {@code h1:} hashes, and the zip against {@link ModuleZip}. Bad entries are removed
   * (index and damaged blobs), so the next build fetches them again.
   */
  public List<BadModule> verify() throws IOException {
    List<BadModule> bad = new ArrayList<>();
    if (!Files.isDirectory(index)) {
      return bad;
    }
    List<Path> indexFiles;
    try (Stream<Path> walk = Files.walk(index)) {
      indexFiles =
          walk.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .toList();
    }
    for (Path file : indexFiles) {
      String problem;
      ModuleVersion mv = null;
      try {
        StoredModule sm = StoredModule.fromIndex(Files.readString(file));
        mv = sm.module();
        problem = problem(sm);
        if (problem == null && !file.equals(indexFile(mv))) {
          problem = "index file is misplaced";
        }
      } catch (NoSuchFileException e) {
        continue; // removed by a concurrent verify
      } catch (IOException | RuntimeException e) {
        problem = "unreadable index: " + e.getMessage();
      }
      if (problem != null) {
        Files.deleteIfExists(file);
        bad.add(new BadModule(mv, index.relativize(file) + ": " + problem));
      }
    }
    return bad;
  }

  /** What is wrong with a stored module, or null; a damaged blob is deleted. */
  private String problem(StoredModule sm) throws IOException {
    List<Digest> digests = new ArrayList<>();
    sm.info().ifPresent(digests::add);
    digests.add(sm.mod());
    sm.zip().ifPresent(digests::add);
    for (Digest d : digests) {
      Path p = blob(d);
      if (!Files.exists(p)) {
        return "blob " + d + " is missing";
      }
      String actual = Hash1.sha256Hex(p);
      if (!actual.equals(d.hex())) {
        Files.deleteIfExists(p);
        return "blob " + d + " is damaged (now sha256:" + actual + ")";
      }
    }
    String modHash = Hash1.ofGoMod(Files.readAllBytes(blob(sm.mod())));
    if (!modHash.equals(sm.modHash())) {
      return "go.mod hashes to " + modHash + ", not " + sm.modHash();
    }
    if (sm.zip().isPresent()) {
      try {
        String zipHash = ModuleZip.check(blob(sm.zip().get()), sm.module(), limits);
        if (!zipHash.equals(sm.zipHash().get())) {
          return "zip hashes to " + zipHash + ", not " + sm.zipHash().get();
        }
      } catch (ModuleRejectedException e) {
        return e.getMessage();
      }
    }
    return null;
  }

  private Path indexFile(ModuleVersion mv) {
    return index.resolve(mv.escapedPath()).resolve("@v").resolve(mv.escapedVersion());
  }
}
