package dev.slipway.modules;

import dev.slipway.core.AtomicFiles;
import dev.slipway.core.CountingDigestOutputStream;
import dev.slipway.core.Digest;
import dev.slipway.core.ModuleVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The content-addressed module store under {@code <cacheDir>/modules}: {@code blobs/sha256/<hex>}
 * holds .info, .mod and .zip bodies, and {@code index/<escaped path>/@v/<escaped version>} names a
 * module version's blobs and verified {@code h1:} hashes.
 *
 * <p>A module is admitted only after its hashes match go.sum and its zip passes {@link ModuleZip}.
 * Blobs go first (temp file, then an atomic rename over any copy already there, which may be
 * damaged) and the index last, so a reader never sees an index whose blobs were not written. Any
 * number of threads and processes may share one store without locks: concurrent writers of one blob
 * write the same bytes, and concurrent writers of one index write equivalent text.
 *
 * <p>A blob can still be damaged on disk later. A build that finds one treats the module as a miss
 * ({@link #damagedBlob}, {@link #evict}) and fetches it again; {@link #verifyStore()} finds them
 * all.
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
    Optional<String> zipHash = Optional.empty();
    Optional<String> zipGoMod = Optional.empty();
    if (zip != null) {
      ModuleZip.Checked checked = ModuleZip.inspect(zip, mv, limits);
      compare(mv, "zip", expected.zipHash(mv), checked.hash(), trustUnlisted);
      zipHash = Optional.of(checked.hash());
      zipGoMod = checked.goModSha256();
    }
    if (expected.modHash(mv).isPresent() || zip == null || expected.zipHash(mv).isEmpty()) {
      compare(mv, "go.mod", expected.modHash(mv), modHash, trustUnlisted);
    } else if (!vouchedByZip(mv, mod, zipGoMod)) {
      throw new UnvouchedGoModException(mv);
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

  /**
   * Whether a go.mod that go.sum has no {@code /go.mod} line for is the one in the module's zip,
   * which go.sum does vouch for: byte for byte the zip's go.mod, or for a zip without one the line
   * the go command makes up for such a module. go.sum files often hold only a module's zip line.
   */
  private static boolean vouchedByZip(ModuleVersion mv, byte[] mod, Optional<String> zipGoMod) {
    if (zipGoMod.isPresent()) {
      return Digest.sha256Of(mod).hex().equals(zipGoMod.get());
    }
    return Arrays.equals(mod, ("module " + mv.path() + "\n").getBytes(StandardCharsets.UTF_8));
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

  /** Stores small bytes; a copy already there is kept only if it holds exactly these bytes. */
  private Digest writeBlob(byte[] bytes) throws IOException {
    Digest digest = Digest.sha256Of(bytes);
    Path target = blob(digest);
    if (sameContent(target, bytes)) {
      return digest;
    }
    Path temp = AtomicFiles.tempSibling(target);
    try {
      Files.write(temp, bytes);
      // Replace whatever is there: a truncated or damaged copy (one flipped byte keeps the size).
      AtomicFiles.move(temp, target, true);
    } finally {
      Files.deleteIfExists(temp);
    }
    return digest;
  }

  private static boolean sameContent(Path file, byte[] bytes) {
    try {
      return Files.size(file) == bytes.length && Arrays.equals(Files.readAllBytes(file), bytes);
    } catch (IOException e) {
      return false; // missing or unreadable: write it
    }
  }

  /** Copies a file into the blob store, hashing it in the same pass. */
  private Digest writeBlob(Path file) throws IOException {
    Files.createDirectories(blobs);
    Path temp = Files.createTempFile(blobs, ".incoming.", ".tmp");
    try {
      Digest digest;
      try (InputStream in = Files.newInputStream(file);
          CountingDigestOutputStream out =
              new CountingDigestOutputStream(Files.newOutputStream(temp))) {
        in.transferTo(out);
        out.flush();
        digest = out.digest();
      }
      // Always replace: checking a copy already there would cost another read of the whole zip,
      // and a rename over it is atomic, so readers see the old file or this verified one.
      AtomicFiles.move(temp, blob(digest), true);
      return digest;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** A module whose index {@link #verifyStore()} dropped, and why; null module: unreadable. */
  public record BadModule(ModuleVersion module, String reason) {}

  /** A blob {@link #verifyStore()} removed: its file name and why. */
  public record BadBlob(String name, String reason) {}

  /**
   * What {@link #verifyStore()} checked and removed.
   *
   * @param blobsChecked blob files re-hashed
   * @param bytesChecked their total size
   * @param removedBlobs blobs whose content no longer matched their name, now deleted
   * @param modulesChecked index entries checked
   * @param removedModules index entries dropped: they named a bad or missing blob, or a hash that
   *     no longer matches
   */
  public record Verification(
      long blobsChecked,
      long bytesChecked,
      List<BadBlob> removedBlobs,
      long modulesChecked,
      List<BadModule> removedModules) {
    public Verification {
      removedBlobs = List.copyOf(removedBlobs);
      removedModules = List.copyOf(removedModules);
    }

    /** Whether nothing had to be removed. */
    public boolean isClean() {
      return removedBlobs.isEmpty() && removedModules.isEmpty();
    }
  }

  /**
   * Re-hashes the whole store and removes what is bad, so that one run leaves a store every build
   * can use: each blob under {@code blobs/sha256} against its name (named by an index or not), then
   * each index entry's blobs and its go.mod and zip against their recorded {@code h1:} hashes (and
   * the zip against {@link ModuleZip}). Dropped modules are fetched again by the next build.
   */
  public Verification verifyStore() throws IOException {
    return new StoreVerifier(this, limits).run();
  }

  /** {@link #verifyStore()}, reporting only the modules it dropped. */
  public List<BadModule> verify() throws IOException {
    return verifyStore().removedModules();
  }

  /**
   * The first of a stored module's blobs (.info, .mod, and the zip when {@code withZip}) that is
   * missing or no longer matches its digest. A build treats such a module as a miss.
   */
  Optional<Digest> damagedBlob(StoredModule sm, boolean withZip) {
    List<Digest> digests = new ArrayList<>();
    sm.info().ifPresent(digests::add);
    digests.add(sm.mod());
    if (withZip) {
      sm.zip().ifPresent(digests::add);
    }
    for (Digest d : digests) {
      try {
        if (!Hash1.sha256Hex(blob(d)).equals(d.hex())) {
          return Optional.of(d);
        }
      } catch (IOException e) {
        return Optional.of(d); // missing or unreadable
      }
    }
    return Optional.empty();
  }

  /**
   * Forgets a stored module whose blob {@code damaged} is bad: the blob and the index go, so the
   * next lookup is a miss and the module is fetched and admitted again (which also replaces any
   * other damaged blob it had). Racing with an admission of the same module costs at most a second
   * fetch.
   */
  void evict(StoredModule sm, Digest damaged) throws IOException {
    Files.deleteIfExists(indexFile(sm.module()));
    Files.deleteIfExists(blob(damaged));
  }

  Path indexFile(ModuleVersion mv) {
    return index.resolve(mv.escapedPath()).resolve("@v").resolve(mv.escapedVersion());
  }
}
