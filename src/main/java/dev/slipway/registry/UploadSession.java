package dev.slipway.registry;

import java.net.URI;

/** An open blob upload: where to send the bytes, and the registry's minimum PATCH chunk size. */
record UploadSession(URI location, long minChunkLength) {}
