/**
 * A client for the OCI distribution API: {@link dev.slipway.registry.RegistryClient} checks,
 * downloads, mounts and uploads blobs and reads and writes manifests. Each endpoint is a small
 * class; the HTTP plumbing (retry, redirects, user agent) lives in {@code registry.http}, auth in
 * {@link dev.slipway.registry.AuthInterceptor}, credentials in {@link
 * dev.slipway.registry.DockerConfigCredentials}.
 */
package dev.slipway.registry;
