package dev.slipway.publish;

import dev.slipway.core.AtomicFiles;
import dev.slipway.core.Digest;
import dev.slipway.core.RegistryException;
import dev.slipway.core.StoreCheck;
import dev.slipway.fingerprint.Memo;
import dev.slipway.image.Descriptor;
import dev.slipway.image.ImageLayer;
import dev.slipway.image.LayerFetcher;
import dev.slipway.image.Manifests;
import dev.slipway.image.PlatformImage;
import dev.slipway.image.Referrer;
import dev.slipway.image.TargetImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes an OCI image layout, with one {@code index.json} entry per target named by {@code
 * org.opencontainers.image.ref.name} (so {@code oci:DIR:NAME} works in skopeo and umoci).
 *
 * <p>Nothing half-written is left: a new layout is written into a hidden sibling directory and
 * renamed into place whole; into an existing one, blobs go first (each renamed into place complete)
 * and {@code index.json} last and atomically, so the old layout stays valid until the new one is. A
 * blob already in the layout is reused only when it hashes to its name; layer bytes are checked
 * against their digests as they are copied, and a damaged layer is made again (see {@link
 * LayerReader}). Failures name the path and the reason.
 */
public final class LayoutPublisher implements Publisher {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] LAYOUT_MARKER =
      "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
  private final Path dir;
  private final LayerFetcher fetcher;

  public LayoutPublisher(Path dir, LayerFetcher fetcher) {
    this.dir = dir.toAbsolutePath().normalize();
    this.fetcher = fetcher;
  }

  @Override
  public String proofKey() {
    return kind() + ":" + dir;
  }

  @Override
  public String kind() {
    return "oci-layout";
  }

  @Override
  public PublishResult publish(List<TargetImage> targets) throws IOException, RegistryException {
    LayerReader reader = new LayerReader(fetcher);
    try {
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw new FileAlreadyExistsException(dir.toString(), null, "not a directory");
      }
      if (Files.isDirectory(dir) && !isEmpty(dir)) {
        return write(dir, targets, reader);
      }
      return writeNew(targets, reader);
    } catch (IOException e) {
      throw OutputErrors.output("the OCI layout", dir, e);
    }
  }

  /** Stages the whole layout beside its place, then renames it there. */
  private PublishResult writeNew(List<TargetImage> targets, LayerReader reader)
      throws IOException, RegistryException {
    Path parent = dir.getParent();
    Path firstCreated = parent;
    while (firstCreated.getParent() != null && !Files.exists(firstCreated.getParent())) {
      firstCreated = firstCreated.getParent();
    }
    boolean parentExisted = Files.isDirectory(parent);
    Files.createDirectories(parent);
    removeStaleStagingDirectories(parent);
    Path stage = stagingDirectory(parent);
    boolean done = false;
    try {
      PublishResult result = write(stage, targets, reader);
      try {
        // rename(2) replaces an empty directory and refuses a full one.
        Files.move(stage, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileSystemException e) {
        if (!Files.isDirectory(dir)) {
          throw e;
        }
        result = write(dir, targets, reader); // another build made it meanwhile
      }
      done = true;
      return result;
    } finally {
      deleteTree(stage);
      if (!done && !parentExisted) {
        deleteEmptyUpTo(parent, firstCreated);
      }
    }
  }

  /**
   * Removes staging directories of this layout that a killed build left behind: older than {@link
   * StoreCheck#STALE}, so one a running build is filling is left alone.
   */
  private void removeStaleStagingDirectories(Path parent) throws IOException {
    Instant staleBefore = Instant.now().minus(StoreCheck.STALE);
    try (DirectoryStream<Path> stale =
        Files.newDirectoryStream(parent, "." + dir.getFileName() + ".*.tmp")) {
      for (Path p : stale) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
            && Files.getLastModifiedTime(p).toInstant().isBefore(staleBefore)) {
          deleteTree(p);
        }
      }
    }
  }

  /**
   * A new hidden directory beside the layout. Not {@link Files#createTempDirectory}, whose mode
   * 0700 would become the layout's: this one gets the usual mode, as the layout itself would.
   */
  private Path stagingDirectory(Path parent) throws IOException {
    while (true) {
      String name =
          "." + dir.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong()) + ".tmp";
      try {
        return Files.createDirectory(parent.resolve(name));
      } catch (FileAlreadyExistsException e) {
        // taken: draw another name
      }
    }
  }

  /** Blobs first, then {@code oci-layout}, then {@code index.json}; returns the proof. */
  private static PublishResult write(Path root, List<TargetImage> targets, LayerReader reader)
      throws IOException, RegistryException {
    Path blobs = root.resolve("blobs");
    Files.createDirectories(blobs);
    List<Descriptor> entries = new ArrayList<>();
    Map<Digest, Long> written = new TreeMap<>();
    for (TargetImage target : targets) {
      for (PlatformImage image : target.platforms()) {
        for (ImageLayer layer : image.layers()) {
          Descriptor d = layer.descriptor();
          BlobFiles.putLayer(blobs, layer, reader);
          written.put(d.digest(), d.size());
        }
        BlobFiles.write(blobs, image.config().digest(), image.configBytes());
        BlobFiles.write(blobs, image.manifest().digest(), image.manifestBytes());
        written.put(image.config().digest(), (long) image.configBytes().length);
        written.put(image.manifest().digest(), (long) image.manifestBytes().length);
      }
      BlobFiles.write(blobs, target.root().digest(), target.rootBytes());
      written.put(target.root().digest(), (long) target.rootBytes().length);
      entries.add(
          target.root().withPlatform(null).withAnnotations(Manifests.refName(target.name())));
      // Referrers after their image, untagged in index.json: the image-layout spec has no
      // referrers API, and a layout tool finds them by their subject (as oras does).
      for (Referrer referrer : target.referrers()) {
        for (Referrer.Blob blob : referrer.blobs()) {
          BlobFiles.write(blobs, blob.descriptor().digest(), blob.bytes());
          written.put(blob.descriptor().digest(), (long) blob.bytes().length);
        }
        BlobFiles.write(blobs, referrer.manifest().digest(), referrer.manifestBytes());
        written.put(referrer.manifest().digest(), (long) referrer.manifestBytes().length);
        entries.add(referrer.indexEntry());
      }
    }
    byte[] index = Manifests.index(entries);
    writeFile(root.resolve("oci-layout"), LAYOUT_MARKER);
    writeFile(root.resolve("index.json"), index);
    return PublishResult.local(LayoutProof.make(root, index, written.keySet()));
  }

  private static void writeFile(Path file, byte[] bytes) throws IOException {
    try {
      AtomicFiles.write(file, bytes);
    } catch (IOException e) {
      throw OutputErrors.at(file, e);
    }
  }

  /**
   * True when the layout still holds what {@code memo} recorded, judged without reading a blob: see
   * {@link LayoutProof}.
   */
  @Override
  public boolean isPresent(Memo memo) throws IOException {
    String proof = memo.outputProofs().get(proofKey());
    return proof != null && LayoutProof.holds(dir, proof);
  }

  public Path dir() {
    return dir;
  }

  private static boolean isEmpty(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }

  /** Removes the directories this build created above the layout, if they stayed empty. */
  private static void deleteEmptyUpTo(Path from, Path top) {
    for (Path p = from; p != null && p.startsWith(top); p = p.getParent()) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        return; // not empty: someone else is using it
      }
    }
  }
}
