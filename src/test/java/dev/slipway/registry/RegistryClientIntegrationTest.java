package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.BlobSource;
import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.testing.FaultProxy;
import dev.slipway.testing.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class RegistryClientIntegrationTest {
  private static RegistryServer registry;
  private final List<String> warnings = new ArrayList<>();

  @BeforeAll
  static void startRegistry() {
    registry = RegistryServer.start();
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  private ImageReference repo(String name) {
    return ImageReference.parse(registry.host() + "/" + name);
  }

  private RegistryClient client() {
    return RegistryClient.create(TestImages.options(warnings));
  }

  @Test
  void pushedBlobIsVisibleToHead() throws Exception {
    ImageReference repo = repo("push/head");
    BlobSource blob = TestImages.randomBlob(50_000, 1);
    try (RegistryClient client = client()) {
      assertThat(client.blobExists(repo, blob.digest())).isFalse();
      BlobPushResult result = client.pushBlob(repo, blob, Optional.empty());
      assertThat(result).isEqualTo(new BlobPushResult(BlobPushResult.Outcome.UPLOADED, 50_000));
      assertThat(client.blobExists(repo, blob.digest())).isTrue();
    }
  }

  @Test
  void secondPushSkipsExistingBlobsWithoutUploading() throws Exception {
    ImageReference repo = repo("push/twice");
    BlobSource blob = TestImages.randomBlob(20_000, 2);
    try (RegistryClient client = client()) {
      client.pushBlob(repo, blob, Optional.empty());
      long putsAfterFirst = registry.countRequests("PUT", "/v2/push/twice/blobs/uploads/");
      BlobPushResult second = client.pushBlob(repo, blob, Optional.empty());
      assertThat(second.outcome()).isEqualTo(BlobPushResult.Outcome.SKIPPED);
      assertThat(second.bytesUploaded()).isZero();
      assertThat(second.size()).isEqualTo(20_000); // what the summary counts as skipped bytes
      assertThat(putsAfterFirst).isEqualTo(1);
      assertThat(registry.countRequests("PUT", "/v2/push/twice/blobs/uploads/")).isEqualTo(1);
      assertThat(registry.countRequests("POST", "/v2/push/twice/blobs/uploads/")).isEqualTo(1);
    }
  }

  @Test
  void crossRepositoryMountUploadsNothing() throws Exception {
    ImageReference source = repo("mount/source");
    ImageReference target = repo("mount/target");
    BlobSource blob = TestImages.randomBlob(30_000, 3);
    try (RegistryClient client = client()) {
      client.pushBlob(source, blob, Optional.empty());
      BlobPushResult result = client.pushBlob(target, blob, Optional.of(source));
      assertThat(result).isEqualTo(BlobPushResult.mounted(30_000));
      assertThat(result.bytesUploaded()).isZero();
      assertThat(client.blobExists(target, blob.digest())).isTrue();
    }
    assertThat(registry.requests("POST", "/v2/mount/target/blobs/uploads/?mount="))
        .singleElement()
        .extracting(FaultProxy.Exchange::status)
        .isEqualTo(201);
    assertThat(registry.countRequests("PUT", "/v2/mount/target/")).isZero();
  }

  @Test
  void manifestRoundTripsByteForByteByTagAndDigest() throws Exception {
    ImageReference repo = repo("manifest/app");
    BlobSource config = TestImages.config();
    BlobSource layer = TestImages.randomBlob(10_000, 4);
    byte[] manifest = TestImages.manifest(config, layer);
    try (RegistryClient client = client()) {
      assertThat(client.headManifest(repo.withTag("v1"))).isEmpty();
      client.pushBlob(repo, config, Optional.empty());
      client.pushBlob(repo, layer, Optional.empty());
      Digest digest = client.putManifest(repo.withTag("v1"), manifest, TestImages.OCI_MANIFEST);

      assertThat(digest).isEqualTo(Digest.sha256Of(manifest));
      FetchedManifest byTag = client.getManifest(repo.withTag("v1"));
      assertThat(byTag.bytes()).isEqualTo(manifest);
      assertThat(byTag.mediaType()).isEqualTo(TestImages.OCI_MANIFEST);
      assertThat(byTag.digest()).isEqualTo(digest);
      assertThat(client.getManifest(repo.withDigest(digest)).bytes()).isEqualTo(manifest);
      assertThat(client.headManifest(repo.withTag("v1")))
          .contains(new ManifestDescriptor(digest, TestImages.OCI_MANIFEST, manifest.length));
    }
  }

  @Test
  void manifestWithMissingBlobIsRejectedWithTheRegistryErrorCode() throws Exception {
    ImageReference repo = repo("manifest/broken");
    byte[] manifest = TestImages.manifest(TestImages.config(), TestImages.randomBlob(100, 5));
    try (RegistryClient client = client()) {
      assertThatThrownBy(
              () -> client.putManifest(repo.withTag("x"), manifest, TestImages.OCI_MANIFEST))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("400")
          .hasMessageContaining("PUT /v2/manifest/broken/manifests/x")
          .hasMessageContaining("MANIFEST_BLOB_UNKNOWN");
    }
  }

  @Test
  void downloadedBlobIsVerifiedAndWrittenToTarget(@TempDir Path dir) throws Exception {
    ImageReference repo = repo("download/app");
    BlobSource blob = TestImages.randomBlob(70_000, 6);
    Path target = dir.resolve("blobs").resolve("layer");
    try (RegistryClient client = client()) {
      client.pushBlob(repo, blob, Optional.empty());
      client.downloadBlob(repo, blob.digest(), target);
    }
    assertThat(Digest.sha256Of(Files.readAllBytes(target))).isEqualTo(blob.digest());
    try (var listing = Files.list(target.getParent())) {
      assertThat(listing).containsExactly(target);
    }
  }

  @Test
  void downloadOfMissingBlobFailsAndLeavesNoFile(@TempDir Path dir) {
    ImageReference repo = repo("download/missing");
    Path target = dir.resolve("layer");
    try (RegistryClient client = client()) {
      assertThatThrownBy(
              () -> client.downloadBlob(repo, TestImages.randomBlob(10, 7).digest(), target))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("not found");
    }
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void largeBlobIsUploadedInPatchChunksAndVerifies(@TempDir Path dir) throws Exception {
    ImageReference repo = repo("chunked/app");
    BlobSource blob = TestImages.randomBlob(100_000, 8);
    RegistryOptions options = TestImages.options(warnings).withChunking(40_000, 30_000);
    try (RegistryClient client = RegistryClient.create(options)) {
      BlobPushResult result = client.pushBlob(repo, blob, Optional.empty());
      assertThat(result.outcome()).isEqualTo(BlobPushResult.Outcome.UPLOADED);
      client.downloadBlob(repo, blob.digest(), dir.resolve("blob"));
    }
    assertThat(registry.countRequests("PATCH", "/v2/chunked/app/blobs/uploads/")).isEqualTo(4);
    assertThat(registry.requests("PUT", "/v2/chunked/app/blobs/uploads/"))
        .singleElement()
        .extracting(FaultProxy.Exchange::status)
        .isEqualTo(201);
  }

  @Test
  void fetchIntoATempFileWritesInPlaceAndDeletesItUnlessTheBlobIsStored(@TempDir Path dir)
      throws Exception {
    ImageReference repo = repo("fetch/inplace");
    BlobSource blob = TestImages.randomBlob(70_000, 11);
    BlobSource damaged = TestImages.randomBlob(5_000, 12);
    try (RegistryClient client = client()) {
      client.pushBlob(repo, blob, Optional.empty());
      client.pushBlob(repo, damaged, Optional.empty());
      Files.write(registry.blobData(damaged.digest().hex()), new byte[] {1, 2, 3});

      Path temp = Files.createFile(dir.resolve("stored.tmp"));
      Object inode = Files.readAttributes(temp, BasicFileAttributes.class).fileKey();
      assertThat(client.fetchBlob(repo, blob.digest(), temp)).isEqualTo(BlobFetch.STORED);
      assertThat(Digest.sha256Of(Files.readAllBytes(temp))).isEqualTo(blob.digest());
      // The same file, not a second one renamed over it.
      assertThat(Files.readAttributes(temp, BasicFileAttributes.class).fileKey()).isEqualTo(inode);
      try (var files = Files.list(dir)) {
        assertThat(files).containsExactly(temp);
      }

      Path absent = Files.createFile(dir.resolve("absent.tmp"));
      Digest missing = TestImages.randomBlob(10, 13).digest();
      assertThat(client.fetchBlob(repo, missing, absent)).isEqualTo(BlobFetch.NOT_FOUND);
      assertThat(absent).doesNotExist();

      Path corrupt = Files.createFile(dir.resolve("corrupt.tmp"));
      assertThat(client.fetchBlob(repo, damaged.digest(), corrupt))
          .isEqualTo(BlobFetch.DIGEST_MISMATCH);
      assertThat(corrupt).doesNotExist();
    }
  }
}
