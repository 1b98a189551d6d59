package dev.slipway.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.registry.RegistryClient;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Where a rebuilt image first differs from the original: the platform, then the layer (by
 * position), then the first file whose name, type, mode, owner, time or content differs; or, when
 * every layer matches, the first field of the image config that does. The layers are only read,
 * never unpacked.
 */
final class LayerDiff {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryClient registry;
  private final ImageReference repo;
  private final Path layout;
  private final Path temp;

  LayerDiff(RegistryClient registry, ImageReference repo, Path layout, Path temp) {
    this.registry = registry;
    this.repo = repo;
    this.layout = layout;
    this.temp = temp;
  }

  /** Empty when the two roots are the same image; else what differs first. */
  Optional<String> compare(Digest original, Digest rebuilt) throws IOException, RegistryException {
    if (original.equals(rebuilt)) {
      return Optional.empty();
    }
    JsonNode a = JSON.readTree(registry.getManifest(repo.withDigest(original)).bytes());
    JsonNode b = JSON.readTree(Files.readAllBytes(blob(rebuilt)));
    boolean indexA = a.has("manifests");
    if (indexA != b.has("manifests")) {
      return Optional.of("one image is an index and the other a single manifest");
    }
    if (!indexA) {
      return Optional.of(manifest(a, b, ""));
    }
    Map<String, Digest> platformsA = platforms(a);
    Map<String, Digest> platformsB = platforms(b);
    if (!platformsA.keySet().equals(platformsB.keySet())) {
      return Optional.of(
          "the platforms differ: " + platformsA.keySet() + " against " + platformsB.keySet());
    }
    for (Map.Entry<String, Digest> p : platformsA.entrySet()) {
      Digest other = platformsB.get(p.getKey());
      if (!p.getValue().equals(other)) {
        JsonNode ma = JSON.readTree(registry.getManifest(repo.withDigest(p.getValue())).bytes());
        JsonNode mb = JSON.readTree(Files.readAllBytes(blob(other)));
        return Optional.of(manifest(ma, mb, p.getKey() + ": "));
      }
    }
    return Optional.of("the index differs (its annotations or order), not any platform's image");
  }

  private String manifest(JsonNode a, JsonNode b, String where)
      throws IOException, RegistryException {
    JsonNode layersA = a.path("layers");
    JsonNode layersB = b.path("layers");
    for (int i = 0; i < Math.max(layersA.size(), layersB.size()); i++) {
      if (i >= layersA.size() || i >= layersB.size()) {
        return where
            + "the original has "
            + layersA.size()
            + " layers, the rebuild "
            + layersB.size();
      }
      String da = layersA.path(i).path("digest").asText();
      String db = layersB.path(i).path("digest").asText();
      if (!da.equals(db)) {
        return where
            + "layer "
            + (i + 1)
            + " of "
            + layersA.size()
            + " differs ("
            + da
            + " against "
            + db
            + "): "
            + firstFile(layersA.path(i), layersB.path(i));
      }
    }
    JsonNode configA = JSON.readTree(fetch(Digest.parse(a.path("config").path("digest").asText())));
    JsonNode configB =
        JSON.readTree(
            Files.readAllBytes(blob(Digest.parse(b.path("config").path("digest").asText()))));
    return where
        + "every layer matches; the image config differs at "
        + firstField(configA, configB, "");
  }

  /** The first tar entry that differs between the two layers, read in lockstep. */
  private String firstFile(JsonNode a, JsonNode b) throws IOException, RegistryException {
    Path fileA = fetchFile(Digest.parse(a.path("digest").asText()));
    try (TarArchiveInputStream ta = tar(fileA, a.path("mediaType").asText());
        TarArchiveInputStream tb =
            tar(blob(Digest.parse(b.path("digest").asText())), b.path("mediaType").asText())) {
      while (true) {
        TarArchiveEntry ea = ta.getNextEntry();
        TarArchiveEntry eb = tb.getNextEntry();
        if (ea == null || eb == null) {
          return ea == null && eb == null
              ? "the files are the same; the compression differs"
              : "the rebuild "
                  + (ea == null
                      ? "has more files, first /" + eb.getName()
                      : "lacks /" + ea.getName());
        }
        if (!ea.getName().equals(eb.getName())) {
          return "/" + ea.getName() + " in the original, /" + eb.getName() + " in the rebuild";
        }
        String what = header(ea, eb);
        if (what == null && !hash(ta).equals(hash(tb))) {
          what = "content";
        }
        if (what != null) {
          return "/" + ea.getName() + " (" + what + ")";
        }
      }
    }
  }

  private static String header(TarArchiveEntry a, TarArchiveEntry b) {
    if (a.isDirectory() != b.isDirectory() || a.isSymbolicLink() != b.isSymbolicLink()) {
      return "type";
    }
    if (!a.getLinkName().equals(b.getLinkName())) {
      return "link target";
    }
    if (a.getMode() != b.getMode()) {
      return "mode "
          + Integer.toOctalString(a.getMode())
          + " against "
          + Integer.toOctalString(b.getMode());
    }
    if (a.getLongUserId() != b.getLongUserId() || a.getLongGroupId() != b.getLongGroupId()) {
      return "owner";
    }
    if (!a.getLastModifiedTime().equals(b.getLastModifiedTime())) {
      return "modification time";
    }
    if (a.getSize() != b.getSize()) {
      return "size " + a.getSize() + " against " + b.getSize();
    }
    return null;
  }

  private static String hash(InputStream entry) throws IOException {
    MessageDigest sha256 = Digest.newSha256();
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = entry.read(buffer)) > 0; ) {
      sha256.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static TarArchiveInputStream tar(Path file, String mediaType) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file));
    if (mediaType.endsWith("zstd")) {
      in = new ZstdInputStream(in);
    } else if (mediaType.endsWith("gzip")) {
      in = new GZIPInputStream(in);
    }
    return new TarArchiveInputStream(in);
  }

  /** The path of the first field that differs between two JSON trees, with both values. */
  static String firstField(JsonNode a, JsonNode b, String path) {
    if (a.isObject() && b.isObject()) {
      Map<String, JsonNode> fields = new TreeMap<>();
      a.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
      b.properties().forEach(e -> fields.putIfAbsent(e.getKey(), e.getValue()));
      for (String name : fields.keySet()) {
        if (!a.path(name).equals(b.path(name))) {
          return firstField(a.path(name), b.path(name), path + "." + name);
        }
      }
    } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
      Iterator<JsonNode> ia = a.elements();
      Iterator<JsonNode> ib = b.elements();
      for (int i = 0; ia.hasNext(); i++) {
        JsonNode x = ia.next();
        JsonNode y = ib.next();
        if (!x.equals(y)) {
          return firstField(x, y, path + "[" + i + "]");
        }
      }
    }
    return (path.isEmpty() ? "." : path) + ": " + a + " against " + b;
  }

  private static Map<String, Digest> platforms(JsonNode index) {
    Map<String, Digest> out = new TreeMap<>();
    for (JsonNode m : index.path("manifests")) {
      JsonNode p = m.path("platform");
      String name =
          p.path("os").asText()
              + "/"
              + p.path("architecture").asText()
              + (p.has("variant") ? "/" + p.path("variant").asText() : "");
      out.put(name, Digest.parse(m.path("digest").asText()));
    }
    return out;
  }

  private Path blob(Digest digest) {
    return layout.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }

  private byte[] fetch(Digest digest) throws IOException, RegistryException {
    return Files.readAllBytes(fetchFile(digest));
  }

  /** A blob of the original image, downloaded and checked against its digest. */
  private Path fetchFile(Digest digest) throws IOException, RegistryException {
    Path file = temp.resolve("blob-" + digest.hex());
    registry.downloadBlob(repo, digest, file);
    if (!Digest.sha256Of(file).equals(digest)) {
      throw new RegistryException(
          "blob " + digest + " from " + repo + " does not match its digest");
    }
    return file;
  }
}
