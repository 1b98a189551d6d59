package dev.slipway.publish;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.AtomicFiles;
import dev.slipway.core.CountingDigestOutputStream;
import dev.slipway.core.Digest;
import dev.slipway.core.DigestMismatchException;
import dev.slipway.core.ImageReference;
import dev.slipway.core.IoErrors;
import dev.slipway.core.RegistryException;
import dev.slipway.core.UsageException;
import dev.slipway.fingerprint.Memo;
import dev.slipway.image.ImageLayer;
import dev.slipway.image.Json;
import dev.slipway.image.LayerFetcher;
import dev.slipway.image.PlatformImage;
import dev.slipway.image.TargetImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a docker-archive tarball ({@code docker load}, {@code skopeo docker-archive:}) holding one
 * image per target. The format has no index, so it takes a single platform.
 *
 * <p>The tarball is written to a temporary sibling and renamed into place, so a failed build leaves
 * the previous file (or none). Layer bytes are checked against their digests as they are copied; a
 * damaged layer is made again (see {@link LayerReader}) and the tarball written again.
 */
public final class TarballPublisher implements Publisher {
  private final Path file;
  private final LayerFetcher fetcher;
  private final Optional<Destinations> destinations;
  private final List<String> tags;

  /**
   * @param destinations the pushes' names, used for RepoTags; without them the target name is
   * @param tags the extra tags, when there is no push
   */
  public TarballPublisher(
      Path file, LayerFetcher fetcher, Optional<Destinations> destinations, List<String> tags) {
    this.file = file.toAbsolutePath().normalize();
    this.fetcher = fetcher;
    this.destinations = destinations;
    this.tags = List.copyOf(tags);
  }

  @Override
  public String proofKey() {
    return kind() + ":" + file;
  }

  @Override
  public String kind() {
    return "tarball";
  }

  @Override
  public PublishResult publish(List<TargetImage> targets)
      throws IOException, RegistryException, UsageException {
    for (TargetImage t : targets) {
      if (t.platforms().size() != 1) {
        throw new UsageException(
            "--tarball holds one platform per image, but "
                + t.name()
                + " has "
                + t.platforms().size()
                + "; use --oci-layout or --push for several platforms");
      }
    }
    LayerReader reader = new LayerReader(fetcher);
    try {
      while (true) {
        try {
          return PublishResult.local(write(targets, reader).toString());
        } catch (DamagedLayer d) {
          reader.repair(d.layer, d.damage); // then write the whole tarball again
        }
      }
    } catch (IOException e) {
      throw OutputErrors.output("the tarball", file, e);
    }
  }

  /** A layer whose bytes proved damaged while being written into the tarball. */
  private static final class DamagedLayer extends Exception {
    private final transient ImageLayer layer;
    private final DigestMismatchException damage;

    DamagedLayer(ImageLayer layer, DigestMismatchException damage) {
      super(damage.getMessage(), damage);
      this.layer = layer;
      this.damage = damage;
    }
  }

  /**
   * Writes the tarball to a temporary sibling and renames it into place; on any failure the
   * temporary file is removed and {@code file} is left as it was. Returns the tarball's digest.
   */
  private Digest write(List<TargetImage> targets, LayerReader reader)
      throws IOException, RegistryException, DamagedLayer {
    Path temp = AtomicFiles.tempSibling(file);
    try {
      CountingDigestOutputStream counted;
      try (OutputStream out = Files.newOutputStream(temp)) {
        counted =
            new CountingDigestOutputStream(
                new BufferedOutputStream(IoErrors.naming(file, out), 1 << 16));
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(counted)) {
          writeEntries(tar, targets, reader);
        }
      }
      AtomicFiles.move(temp, file, true);
      return counted.digest();
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private void writeEntries(
      TarArchiveOutputStream tar, List<TargetImage> targets, LayerReader reader)
      throws IOException, RegistryException, DamagedLayer {
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    ArrayNode manifest = Json.MAPPER.createArrayNode();
    Set<String> written = new HashSet<>();
    for (TargetImage target : targets) {
      PlatformImage image = target.platforms().get(0);
      String configName = image.config().digest().hex() + ".json";
      if (written.add(configName)) {
        addBytes(tar, configName, image.configBytes());
      }
      ObjectNode entry = manifest.addObject();
      entry.put("Config", configName);
      ArrayNode repoTags = entry.putArray("RepoTags");
      repoTags(target, targets.size()).forEach(repoTags::add);
      ArrayNode layers = entry.putArray("Layers");
      for (ImageLayer layer : image.layers()) {
        String name = layer.descriptor().digest().hex() + ".tar" + suffix(layer);
        if (written.add(name)) {
          tar.putArchiveEntry(entry(name, layer.descriptor().size()));
          try (InputStream in = reader.open(layer)) {
            LayerReader.copy(in, tar);
          } catch (DigestMismatchException e) {
            throw new DamagedLayer(layer, e);
          }
          tar.closeArchiveEntry();
        }
        layers.add(name);
      }
    }
    addBytes(tar, "manifest.json", Json.MAPPER.writeValueAsBytes(manifest));
  }

  private List<String> repoTags(TargetImage target, int count) {
    List<String> out = new ArrayList<>();
    if (destinations.isPresent()) {
      ImageReference dest = destinations.get().of(target.name(), target.importPath(), count);
      destinations
          .get()
          .tags(target.name(), target.importPath(), count)
          .forEach(t -> out.add(dest.name() + ":" + t));
      return out;
    }
    out.add(target.name() + ":latest");
    tags.forEach(t -> out.add(target.name() + ":" + t));
    return out;
  }

  private static String suffix(ImageLayer layer) {
    String type = layer.descriptor().mediaType();
    return type.endsWith("+gzip") ? ".gz" : type.endsWith("+zstd") ? ".zst" : "";
  }

  private static TarArchiveEntry entry(String name, long size) {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(size);
    e.setMode(0644);
    e.setModTime(0);
    e.setUserId(0);
    e.setGroupId(0);
    e.setUserName("");
    e.setGroupName("");
    return e;
  }

  private static void addBytes(TarArchiveOutputStream tar, String name, byte[] bytes)
      throws IOException {
    tar.putArchiveEntry(entry(name, bytes.length));
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  @Override
  public boolean isPresent(Memo memo) throws IOException {
    String proof = memo.outputProofs().get(proofKey());
    if (proof == null || !Files.isRegularFile(file)) {
      return false;
    }
    try (var in = Files.newInputStream(file)) {
      CountingDigestOutputStream sink =
          new CountingDigestOutputStream(OutputStream.nullOutputStream());
      in.transferTo(sink);
      return sink.digest().toString().equals(proof);
    }
  }

  public Path file() {
    return file;
  }
}
