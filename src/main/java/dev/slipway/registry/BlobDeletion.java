package dev.slipway.registry;

/** What a blob DELETE came to. */
public enum BlobDeletion {
  /** 202: the repository no longer has the blob. */
  DELETED,
  /** 404: the repository had no such blob. */
  NOT_FOUND,
  /** 405 (UNSUPPORTED): the registry does not allow deleting blobs. */
  UNSUPPORTED
}
