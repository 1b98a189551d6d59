package dev.slipway.cache;

import dev.slipway.core.BlobSource;
import dev.slipway.core.CountingDigestOutputStream;
import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.registry.BlobFetch;
import dev.slipway.registry.Credential;
import dev.slipway.registry.CredentialSource;
import dev.slipway.registry.FetchedManifest;
import dev.slipway.registry.RegistryClient;
import dev.slipway.registry.RegistryOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Any OCI registry as a cache: bodies are blobs of the repository, each action record is the tag
 * {@code ac-<key>} on a small OCI manifest whose one layer is the body, and a build's action set is
 * the tag {@code set-<list key>} on a manifest listing every action it used. docs/cache-oci.md says
 * why.
 */
public final class OciStore implements RemoteStore {
  /** Registry operations in flight at once: lookups are small, so more than a push's 4. */
  static final int CONCURRENCY = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final RegistryClient client;
  private final ImageReference repo;

  /**
   * Blob pushes of this process, by digest: a second push of the same body waits for the first and
   * then skips even the HEAD. It must not run alongside: distribution rewrites the repository's
   * link to a blob when it is uploaded again, and a manifest PUT naming the blob meanwhile is
   * refused (400 DIGEST_INVALID).
   */
  private final Map<Digest, CompletableFuture<Void>> pushes = new ConcurrentHashMap<>();

  /** Body digest to its stored form, when that is not the plain blob (learned or written). */
  private final Map<Digest, OciManifests.Layer> forms = new ConcurrentHashMap<>();

  /** Bodies the registry served corrupt: the next put of one repairs it. */
  private final Set<Digest> corrupt = ConcurrentHashMap.newKeySet();

  /** The sets read in this process, so an unchanged set is not written back. */
  private final Map<String, ReadSet> readSets = new ConcurrentHashMap<>();

  /** Bodies that a pack of a set read here also holds. */
  private final Map<Digest, Packed> packed = new ConcurrentHashMap<>();

  /** Packs by blob digest: fetched once, by the first body read from each; empty if unusable. */
  private final Map<Digest, CompletableFuture<Optional<byte[]>>> packs = new ConcurrentHashMap<>();

  /** Packs the registry lacks or served corrupt: the next set that would name one is salted. */
  private final Set<Digest> damagedPacks = ConcurrentHashMap.newKeySet();

  /** A set read here: its records, and its pack (null for none). */
  private record ReadSet(Map<String, ActionRecord> records, OciManifests.Pack pack) {
    boolean packs(List<OciManifests.Slice> slices) {
      List<Digest> bodies = slices.stream().map(OciManifests.Slice::body).toList();
      return pack == null ? bodies.isEmpty() : pack.bodies().equals(bodies);
    }
  }

  private record Packed(OciManifests.Pack pack, OciManifests.Slice slice) {}

  public OciStore(RegistryClient client, ImageReference repo) {
    this.client = client;
    this.repo = repo;
  }

  static OciStore open(URI uri, Map<String, String> env) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/+", "");
    if (path.isEmpty()) {
      throw new IllegalArgumentException("name a repository, for example oci://host/cache");
    }
    boolean insecure = false;
    for (Map.Entry<String, String> param : CacheUrls.query(uri).entrySet()) {
      if (!param.getKey().equals("insecure")) {
        throw new IllegalArgumentException(
            "unknown parameter '" + param.getKey() + "' (use insecure=true or mode=ro)");
      }
      insecure = Boolean.parseBoolean(param.getValue());
    }
    String host = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    ImageReference repo = ImageReference.parse(host + "/" + path);
    RegistryOptions options =
        RegistryOptions.defaults(env)
            .withRetries(2, Duration.ofMillis(100))
            .withConcurrency(CONCURRENCY);
    String[] userInfo = CacheUrls.userAndPassword(uri);
    String user = userInfo[0] != null ? userInfo[0] : env.get(RemoteStores.USER_ENV);
    String password = userInfo[1] != null ? userInfo[1] : env.get(RemoteStores.PASSWORD_ENV);
    if (user != null && password != null) {
      options =
          options.withCredentials(
              CredentialSource.fixed(repo.registry(), new Credential(user, password)));
    }
    if (insecure) {
      options = options.withInsecureHosts(Set.of(host));
    }
    return new OciStore(RegistryClient.create(options), repo);
  }

  @Override
  public String name() {
    return "oci://" + repo.registry() + "/" + repo.repository();
  }

  /** One manifest GET: a 404 is a miss. */
  @Override
  public Optional<byte[]> getAction(String key) throws IOException {
    try {
      Optional<FetchedManifest> manifest = client.findManifest(repo.withTag(OciManifests.tag(key)));
      if (manifest.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(learn(OciManifests.parseAction(key, manifest.get().bytes())).encode());
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not a Slipway action manifest: a miss, overwritten by the next put
    } catch (RegistryException e) {
      throw wrap(e);
    }
  }

  @Override
  public void putAction(String key, byte[] recordBytes) throws IOException {
    ActionRecord record = ActionRecord.parse(recordBytes);
    try {
      pushConfig();
      client.putManifest(
          repo.withTag(OciManifests.tag(key)),
          OciManifests.action(record, layer(record)),
          OciManifests.MANIFEST_TYPE);
    } catch (RegistryException e) {
      throw wrap(e);
    }
  }

  /** One manifest GET for every record of a build's action set. */
  @Override
  public Optional<Map<String, byte[]>> getActionSet(String setKey) throws IOException {
    try {
      Optional<FetchedManifest> manifest =
          client.findManifest(repo.withTag(OciManifests.setTag(setKey)));
      if (manifest.isEmpty()) {
        return Optional.empty();
      }
      OciManifests.ActionSet set = OciManifests.parseSet(manifest.get().bytes());
      Map<String, byte[]> records = new LinkedHashMap<>();
      Map<String, ActionRecord> read = new HashMap<>();
      for (OciManifests.Action action : set.actions().values()) {
        records.put(action.key(), learn(action).encode());
        read.put(action.key(), action.record());
      }
      set.pack().ifPresent(p -> p.slices().forEach(s -> packed.put(s.body(), new Packed(p, s))));
      readSets.put(setKey, new ReadSet(read, set.pack().orElse(null)));
      return Optional.of(records);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not a Slipway action set: the next build overwrites it
    } catch (RegistryException e) {
      throw wrap(e);
    }
  }

  /**
   * The pack blob, then one manifest PUT; both skipped when the set and its pack are the ones read.
   * The registry refuses a manifest whose layers it lacks, so a refusal pushes the bodies (each a
   * HEAD when present) and tries again.
   */
  @Override
  public boolean putActionSet(String setKey, List<ListedAction> actions) throws IOException {
    Map<String, ActionRecord> records = new HashMap<>();
    Map<Digest, Path> bodies = new HashMap<>();
    List<OciManifests.Action> listed = new ArrayList<>();
    for (ListedAction action : actions) {
      records.put(action.key(), action.record());
      bodies.put(action.record().blob(), action.body());
      listed.add(new OciManifests.Action(action.key(), action.record(), layer(action.record())));
    }
    List<OciManifests.Slice> slices = OciManifests.packSlices(records.values());
    ReadSet read = readSets.get(setKey);
    boolean readPackDamaged =
        read != null && read.pack() != null && damagedPacks.contains(read.pack().blob());
    if (read != null && read.records().equals(records) && read.packs(slices) && !readPackDamaged) {
      return true;
    }
    ImageReference ref = repo.withTag(OciManifests.setTag(setKey));
    try {
      Optional<OciManifests.Pack> pack = pushPack(slices, bodies, readPackDamaged);
      byte[] manifest = OciManifests.set(listed, pack);
      pushConfig();
      try {
        client.putManifest(ref, manifest, OciManifests.MANIFEST_TYPE);
      } catch (RegistryException refused) {
        for (ListedAction action : actions) {
          putBlob(action.record().blob(), action.body(), action.record().size());
        }
        client.putManifest(ref, manifest, OciManifests.MANIFEST_TYPE);
      }
    } catch (RegistryException e) {
      throw wrap(e);
    }
    return true;
  }

  /**
   * From the pack of a set read here, when it holds the body (the first such read fetches the
   * pack); otherwise, or if the pack is unusable, one blob GET (no HEAD first): a 404 is a miss,
   * bytes of another digest are corrupt.
   */
  @Override
  public boolean getBlob(Digest digest, Path dest) throws IOException {
    Packed inPack = packed.get(digest);
    if (inPack != null && !corrupt.contains(digest) && fromPack(inPack, digest, dest)) {
      return true;
    }
    OciManifests.Layer form = forms.get(digest); // only salted forms are kept
    try {
      if (form == null) {
        return fetched(digest, client.fetchBlob(repo, digest, dest));
      }
      Path salted = dest.resolveSibling(dest.getFileName() + ".salted");
      try {
        if (!fetched(digest, client.fetchBlob(repo, form.blob(), salted))) {
          return false;
        }
        Digest body;
        try (InputStream in = Files.newInputStream(salted);
            CountingDigestOutputStream out =
                new CountingDigestOutputStream(Files.newOutputStream(dest))) {
          String line = new String(in.readNBytes(OciManifests.SALT_LENGTH), StandardCharsets.UTF_8);
          if (!line.startsWith(OciManifests.SALT_PREFIX) || !line.endsWith("\n")) {
            return fetched(digest, BlobFetch.DIGEST_MISMATCH);
          }
          in.transferTo(out);
          out.flush();
          body = out.digest();
        }
        return fetched(digest, body.equals(digest) ? BlobFetch.STORED : BlobFetch.DIGEST_MISMATCH);
      } finally {
        Files.deleteIfExists(salted);
      }
    } catch (RegistryException e) {
      throw wrap(e);
    }
  }

  /**
   * Pushes the body (a HEAD when present). A body the registry served corrupt is repaired: deleted
   * from the repository where the registry allows it, then stored in a salted form under a new
   * digest, because a registry such as distribution keeps a deleted blob's bytes and links them
   * again when the same digest is uploaded.
   */
  @Override
  public void putBlob(Digest digest, Path source, long size) throws IOException {
    try {
      if (corrupt.contains(digest)) {
        repair(digest, source, size);
      } else if (!forms.containsKey(digest)) {
        pushOnce(BlobSource.ofFile(source, digest, size));
      }
    } catch (RegistryException e) {
      throw wrap(e);
    }
  }

  /** Registry garbage collection deletes blobs no manifest names. */
  @Override
  public boolean collectsUnreferencedBlobs() {
    return true;
  }

  /** Each body is a round trip of its own, so as many as the client allows at once. */
  @Override
  public int prefetchParallelism() {
    return CONCURRENCY;
  }

  /** The registry client hashes every blob as it streams it, and the salted form is hashed too. */
  @Override
  public boolean verifiesBlobs() {
    return true;
  }

  @Override
  public void close() {
    client.close();
  }

  /**
   * Pushes the pack of these bodies (a HEAD when present); empty when there is nothing to pack. In
   * place of a pack this process found damaged, or with a digest it found damaged, the pack is
   * pushed salted, under a new digest: a registry such as distribution would link corrupt bytes
   * again to the same digest (as for bodies).
   */
  private Optional<OciManifests.Pack> pushPack(
      List<OciManifests.Slice> slices, Map<Digest, Path> bodies, boolean replacesDamaged)
      throws IOException, RegistryException {
    if (slices.isEmpty()) {
      return Optional.empty();
    }
    long size = slices.get(slices.size() - 1).offset() + slices.get(slices.size() - 1).size();
    byte[] bytes = new byte[Math.toIntExact(size)];
    for (OciManifests.Slice slice : slices) {
      try (InputStream in = Files.newInputStream(bodies.get(slice.body()))) {
        if (in.readNBytes(bytes, (int) slice.offset(), (int) slice.size()) != slice.size()
            || in.read() >= 0) {
          return Optional.empty(); // the local body changed size: no pack this time
        }
      }
    }
    BlobSource blob = BlobSource.ofBytes(bytes);
    OciManifests.Pack pack = new OciManifests.Pack(blob.digest(), size, slices);
    if (replacesDamaged || damagedPacks.contains(blob.digest())) {
      blob = salted(blob);
      pack =
          new OciManifests.Pack(blob.digest(), blob.size(), pack.shifted(OciManifests.SALT_LENGTH));
    }
    pushOnce(blob);
    return Optional.of(pack);
  }

  /**
   * Writes the body from its pack to {@code dest}; false (nothing written) when the pack cannot be
   * had or the slice is not the body, and the caller reads the body's own blob instead.
   */
  private boolean fromPack(Packed inPack, Digest digest, Path dest) throws IOException {
    Optional<byte[]> pack = pack(inPack.pack(), dest.getParent());
    if (pack.isEmpty()) {
      return false;
    }
    OciManifests.Slice slice = inPack.slice();
    Digest written;
    try (CountingDigestOutputStream out =
        new CountingDigestOutputStream(Files.newOutputStream(dest))) {
      out.write(pack.get(), (int) slice.offset(), (int) slice.size());
      out.flush();
      written = out.digest();
    }
    if (!written.equals(digest)) {
      packed.remove(digest); // the index lied about this body; its own blob may be fine
      Files.deleteIfExists(dest);
      return false;
    }
    return true;
  }

  /** The pack's verified bytes, fetched by the first caller while the others wait. */
  private Optional<byte[]> pack(OciManifests.Pack pack, Path dir) {
    CompletableFuture<Optional<byte[]>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<byte[]>> earlier = packs.putIfAbsent(pack.blob(), mine);
    if (earlier != null) {
      return earlier.join();
    }
    Optional<byte[]> bytes = Optional.empty();
    Path temp = null;
    try {
      temp = Files.createTempFile(dir, "pack-", ".blob");
      if (client.fetchBlob(repo, pack.blob(), temp) == BlobFetch.STORED
          && Files.size(temp) == pack.size()) {
        bytes = Optional.of(Files.readAllBytes(temp));
      } else {
        damagedPacks.add(
            pack.blob()); // absent or corrupt: the next set this runner writes replaces it
      }
    } catch (IOException | RegistryException | RuntimeException e) {
      // the bodies' own blobs serve instead; a remote that is really down fails there
    } finally {
      mine.complete(bytes);
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          // a temp file left behind is harmless
        }
      }
    }
    return bytes;
  }

  private void repair(Digest digest, Path source, long size) throws IOException, RegistryException {
    client.deleteBlob(repo, digest); // unsupported or not: the salted form repairs either way
    BlobSource blob = salted(BlobSource.ofFile(source, digest, size));
    client.pushBlob(repo, blob, Optional.empty());
    forms.put(
        digest,
        new OciManifests.Layer(
            OciManifests.SALTED_BODY_TYPE, blob.digest(), blob.size(), digest, size));
    corrupt.remove(digest);
  }

  /**
   * {@code body} after a salt line of random digits: the same bytes under a new digest, for a
   * registry that would link corrupt bytes again to the old one.
   */
  private static BlobSource salted(BlobSource body) throws IOException {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    byte[] salt = OciManifests.saltLine(random);
    Digest digest;
    try (InputStream in = body.open();
        CountingDigestOutputStream out =
            new CountingDigestOutputStream(OutputStream.nullOutputStream())) {
      out.write(salt);
      in.transferTo(out);
      out.flush();
      digest = out.digest();
    }
    return BlobSource.of(
        digest,
        salt.length + body.size(),
        () -> new SequenceInputStream(new ByteArrayInputStream(salt), body.open()));
  }

  private boolean fetched(Digest digest, BlobFetch outcome) throws CorruptBlobException {
    return switch (outcome) {
      case STORED -> true;
      case NOT_FOUND -> false;
      case DIGEST_MISMATCH -> {
        corrupt.add(digest);
        forms.remove(digest);
        throw new CorruptBlobException(name() + ": body " + digest + " does not match its digest");
      }
    };
  }

  /** Remembers a salted body's form, so its blob GET and later puts use it. */
  private ActionRecord learn(OciManifests.Action action) {
    if (action.layer().salted()) {
      forms.put(action.record().blob(), action.layer());
    }
    return action.record();
  }

  private OciManifests.Layer layer(ActionRecord record) {
    return forms.getOrDefault(record.blob(), OciManifests.Layer.raw(record.blob(), record.size()));
  }

  private void pushConfig() throws RegistryException {
    pushOnce(BlobSource.ofBytes(OciManifests.EMPTY));
  }

  private void pushOnce(BlobSource blob) throws RegistryException {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    while (true) {
      CompletableFuture<Void> earlier = pushes.putIfAbsent(blob.digest(), mine);
      if (earlier == null) {
        break;
      }
      try {
        earlier.join();
        return;
      } catch (CompletionException | CancellationException e) {
        pushes.remove(blob.digest(), earlier); // it failed: try again, here
      }
    }
    try {
      client.pushBlob(repo, blob, Optional.empty());
      mine.complete(null);
    } catch (RegistryException | RuntimeException e) {
      pushes.remove(blob.digest(), mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  private IOException wrap(RegistryException e) {
    return new IOException(name() + ": " + e.getMessage(), e);
  }
}
