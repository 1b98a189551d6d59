package dev.slipway.modules;

import dev.slipway.core.ModuleVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Puts a verified module into the go command's own module cache (GOMODCACHE) as go's download would
 * leave it: the zip and its {@code .ziphash} under {@code cache/download}, and the extracted tree
 * at {@code <module>@<version>} with read-only files (0444) and, unless go runs with {@code
 * -modcacherw}, read-only directories. go then finds the module complete and neither fetches,
 * hashes nor extracts it again, which on a fresh runner is most of the time a build with a warm
 * compile cache takes.
 *
 * <p>go serialises its own writers with {@code flock} on {@code <version>.lock}, which Java's locks
 * do not exclude, so this runs beside the build's go command by another rule. A version is unpacked
 * only if go has not begun it (no tree, no lock file), and is announced first ({@link
 * #awaitUnpack}): the loopback proxy holds go's request for that zip until the unpack is over. go
 * creates the lock file before it asks for a zip and extracts only after it has one, so once this
 * has seen no lock file, go can reach the tree only after the rename that puts it in place,
 * complete. The tree is built elsewhere, checked against go.sum's hash, renamed into place, and
 * then the zip and {@code .ziphash} follow (go treats a tree without one as unfinished, and then
 * extracts it again under its lock: wasted work, never a broken tree). Another go process, on the
 * same cache but not through this proxy, that begins the same version in the instant between the
 * check and the rename could find the tree it was about to extract already there.
 */
public final class GoModCache {
  private static final Set<PosixFilePermission> READ_ONLY_FILE =
      PosixFilePermissions.fromString("r--r--r--");

  private final Path root;
  private final boolean writableDirs;
  private final ModuleZip.Limits limits;
  private final java.util.concurrent.ConcurrentHashMap<
          ModuleVersion, java.util.concurrent.CompletableFuture<Void>>
      unpacking = new java.util.concurrent.ConcurrentHashMap<>();

  /** What {@link #unpack} did. */
  public enum Outcome {
    /** The tree, zip and ziphash are now there. */
    UNPACKED,
    /** go has the tree already. */
    PRESENT,
    /** A go process has begun this version (its lock file exists): left to go. */
    LEFT_TO_GO
  }

  /**
   * @param root GOMODCACHE, as {@code go env} reports it
   * @param writableDirs whether go runs with {@code -modcacherw} (its GOFLAGS)
   */
  public GoModCache(Path root, boolean writableDirs) {
    this(root, writableDirs, ModuleZip.Limits.GO);
  }

  GoModCache(Path root, boolean writableDirs, ModuleZip.Limits limits) {
    this.root = root.toAbsolutePath();
    this.writableDirs = writableDirs;
    this.limits = limits;
  }

  /** Whether GOFLAGS (space-separated, as go reads it) turns on {@code -modcacherw}. */
  public static boolean modCacheRw(String goFlags) {
    boolean on = false;
    for (String flag : goFlags.strip().split("\\s+")) {
      String f = flag.startsWith("--") ? flag.substring(1) : flag;
      if (f.equals("-modcacherw") || f.equals("-modcacherw=true")) {
        on = true;
      } else if (f.equals("-modcacherw=false")) {
        on = false;
      }
    }
    return on;
  }

  /** Where go keeps the extracted tree of {@code mv}. */
  public Path tree(ModuleVersion mv) {
    return root.resolve(mv.escapedPath() + "@" + mv.escapedVersion());
  }

  private Path download(ModuleVersion mv, String ext) {
    return root.resolve("cache")
        .resolve("download")
        .resolve(mv.escapedPath())
        .resolve("@v")
        .resolve(mv.escapedVersion() + "." + ext);
  }

  /**
   * Whether go would find {@code mv} missing and either fetch it or, if it has begun, finish it.
   */
  public boolean wants(ModuleVersion mv) {
    return !Files.exists(tree(mv)) && !Files.exists(download(mv, "lock"));
  }

  /**
   * Unpacks {@code zip}, the stored zip of {@code mv}, if go has not got it.
   *
   * @param zipHash go.sum's {@code h1:} hash for the zip; the tree goes into place only if its
   *     content has exactly this hash
   * @throws ModuleRejectedException the zip is not one go would extract, or its content is not what
   *     go.sum says; nothing was put in place
   * @throws IOException writing failed; nothing was put in place
   */
  public Outcome unpack(ModuleVersion mv, Path zip, String zipHash)
      throws ModuleRejectedException, IOException {
    java.util.concurrent.CompletableFuture<Void> mine =
        new java.util.concurrent.CompletableFuture<>();
    if (unpacking.putIfAbsent(mv, mine) != null) {
      return Outcome.PRESENT; // another thread of this build is at it
    }
    try {
      // Announced before the check: from here on, go's request for this zip waits for the end.
      if (!wants(mv)) {
        return Files.exists(tree(mv)) ? Outcome.PRESENT : Outcome.LEFT_TO_GO;
      }
      return unpackAnnounced(mv, zip, zipHash);
    } finally {
      unpacking.remove(mv, mine);
      mine.complete(null);
    }
  }

  /**
   * Waits while this cache is unpacking {@code mv}, so that go, asking for its zip, extracts
   * nothing over a tree about to appear.
   */
  public void awaitUnpack(ModuleVersion mv) {
    java.util.concurrent.CompletableFuture<Void> f = unpacking.get(mv);
    if (f != null) {
      f.join();
    }
  }

  /** Whether {@code mv} is being unpacked now. */
  boolean unpacking(ModuleVersion mv) {
    return unpacking.containsKey(mv);
  }

  private Outcome unpackAnnounced(ModuleVersion mv, Path zip, String zipHash)
      throws ModuleRejectedException, IOException {
    Path target = tree(mv);
    Path zipFile = download(mv, "zip");
    Path work =
        root.resolve("cache").resolve("slipway-unpack").resolve(UUID.randomUUID().toString());
    Path staged = work.resolve("tree");
    Path zipCopy = zipFile.resolveSibling("." + zipFile.getFileName() + "." + work.getFileName());
    try {
      Files.createDirectories(staged);
      Files.createDirectories(zipFile.getParent());
      // Extracted from the copy go will keep, so the bytes checked are the bytes left behind.
      Files.copy(zip, zipCopy);
      ModuleZip.Checked checked =
          ModuleZip.inspect(zipCopy, mv, limits, name -> create(staged, name));
      if (!checked.hash().equals(zipHash)) {
        throw new ChecksumMismatchException(mv, "zip", zipHash, checked.hash());
      }
      Files.createDirectories(target.getParent());
      try {
        // A rename of a directory to a new parent needs it writable (its ".." changes), so the
        // tree's own root is made read-only after.
        readOnlyDirs(staged, false);
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileSystemException e) {
        if (Files.exists(target)) {
          return Outcome.PRESENT; // another build finished it first
        }
        throw e;
      }
      if (!writableDirs) {
        setReadOnly(target);
      }
      if (!Files.exists(zipFile)) {
        moveQuietly(zipCopy, zipFile);
      }
      writeAtomically(download(mv, "ziphash"), checked.hash(), work.getFileName().toString());
      return Outcome.UNPACKED;
    } finally {
      Files.deleteIfExists(zipCopy);
      deleteTree(work);
    }
  }

  private static OutputStream create(Path staged, String name) throws IOException {
    Path file = staged.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.newOutputStream(
        Files.createFile(file, PosixFilePermissions.asFileAttribute(READ_ONLY_FILE)),
        StandardOpenOption.WRITE);
  }

  /**
   * Makes every directory under {@code dir} read-only, children first; {@code dir} too if asked.
   */
  private void readOnlyDirs(Path dir, boolean withRoot) throws IOException {
    if (writableDirs) {
      return;
    }
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isDirectory).forEach(dirs::add);
    }
    dirs.sort(Comparator.reverseOrder());
    for (Path d : dirs) {
      if (withRoot || !d.equals(dir)) {
        setReadOnly(d);
      }
    }
  }

  private static void setReadOnly(Path dir) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
    perms.remove(PosixFilePermission.OWNER_WRITE);
    perms.remove(PosixFilePermission.GROUP_WRITE);
    perms.remove(PosixFilePermission.OTHERS_WRITE);
    Files.setPosixFilePermissions(dir, perms);
  }

  /** Written beside {@code target} and renamed into place, with go's mode (0666 less the umask). */
  private static void writeAtomically(Path target, String content, String tag) throws IOException {
    Path temp = target.resolveSibling("." + target.getFileName() + "." + tag);
    try {
      Files.writeString(temp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void moveQuietly(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      // go wrote its own copy of the same verified zip first
    }
  }

  /** Removes a staging tree, making its directories writable first (a failed run may leave any). */
  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.forEach(all::add);
    }
    for (Path p : all) {
      if (Files.isDirectory(p)) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        perms.add(PosixFilePermission.OWNER_WRITE);
        Files.setPosixFilePermissions(p, perms);
      }
    }
    all.sort(Comparator.reverseOrder());
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }
}
