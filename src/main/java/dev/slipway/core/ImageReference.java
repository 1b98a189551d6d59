package dev.slipway.core;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference, {@code [registry/]repository[:tag][@digest]}, parsed with the grammar of the
 * distribution project's reference package. A name without a registry host is on Docker Hub.
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
  /**
   * The registry a name without host refers to. This is part of the image-reference grammar every
   * client shares, so it cannot come from a setting; it and its other names live only here.
   */
  public static final String DEFAULT_REGISTRY = "docker.io";

  /** The key under which {@code docker login} stores the default registry's credentials. */
  public static final String DEFAULT_REGISTRY_CONFIG_KEY =
      "https://index." + DEFAULT_REGISTRY + "/v1/";

  private static final String DEFAULT_REGISTRY_API_HOST = "registry-1." + DEFAULT_REGISTRY;

  /** Other host names docker config files use for the default registry. */
  private static final java.util.Set<String> DEFAULT_REGISTRY_ALIASES =
      java.util.Set.of(
          "index." + DEFAULT_REGISTRY, DEFAULT_REGISTRY_API_HOST, "registry.hub.docker.com");

  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern HOST =
      Pattern.compile(
          "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
              + "|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?");

  public ImageReference {
    requireHost(registry);
    if (repository == null || repository.isEmpty() || repository.length() > 255) {
      throw new IllegalArgumentException("invalid repository name '" + repository + "'");
    }
    for (String component : repository.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        throw new IllegalArgumentException(
            "invalid repository name '"
                + repository
                + "': components are lowercase letters, digits and separators (. _ __ -)");
      }
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException(
          "invalid tag '" + tag + "': at most 128 of letters, digits, '_', '.', '-'");
    }
  }

  /** Parses a reference; the message of the IllegalArgumentException names the bad part. */
  public static ImageReference parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("image reference is empty");
    }
    if (!text.equals(text.strip())) {
      throw new IllegalArgumentException("image reference '" + text + "' has surrounding spaces");
    }
    String rest = text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      try {
        digest = Digest.parse(rest.substring(at + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid image reference '" + text + "': " + e.getMessage(), e);
      }
      rest = rest.substring(0, at);
    }
    String tag = null;
    int lastSlash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    String registry = DEFAULT_REGISTRY;
    String repository = rest;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first;
        repository = rest.substring(slash + 1);
      }
    }
    if (registry.equals(DEFAULT_REGISTRY) && !repository.contains("/")) {
      repository = "library/" + repository;
    }
    try {
      return new ImageReference(registry, repository, tag, digest);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid image reference '" + text + "': " + e.getMessage(), e);
    }
  }

  /**
   * Checks a registry {@code host[:port]} as a reference or {@code --insecure-registry} names it: a
   * DNS name or bracketed IPv6 address, and a port from 1 to 65535 if any.
   *
   * @throws IllegalArgumentException naming the host and what is wrong with it
   */
  public static String requireHost(String host) {
    if (host == null || !HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("invalid registry host '" + host + "'");
    }
    int colon = host.lastIndexOf(':');
    if (colon > host.lastIndexOf(']')) {
      int port = Integer.parseInt(host.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "invalid registry host '" + host + "': port " + port + " is not in 1-65535");
      }
    }
    return host;
  }

  /** {@code host} with the default registry's aliases folded into {@link #DEFAULT_REGISTRY}. */
  public static String canonicalRegistry(String host) {
    return DEFAULT_REGISTRY_ALIASES.contains(host) ? DEFAULT_REGISTRY : host;
  }

  /** The host to send API requests to. */
  public String apiHost() {
    return registry.equals(DEFAULT_REGISTRY) ? DEFAULT_REGISTRY_API_HOST : registry;
  }

  /** True for hosts on this machine, where plain HTTP is allowed without asking. */
  public boolean isLoopback() {
    String host = hostWithoutPort().toLowerCase(Locale.ROOT);
    return host.equals("localhost")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
        || host.equals("[::1]")
        || host.equals("::1");
  }

  public String hostWithoutPort() {
    if (registry.startsWith("[")) {
      return registry.substring(0, registry.indexOf(']') + 1);
    }
    int colon = registry.indexOf(':');
    return colon < 0 ? registry : registry.substring(0, colon);
  }

  /** The tag, or {@code latest} when neither tag nor digest was given. */
  public String tagOrDefault() {
    return tag != null ? tag : "latest";
  }

  /** The digest if given, else the tag (defaulting to latest): what goes in /manifests/. */
  public String manifestReference() {
    return digest != null ? digest.toString() : tagOrDefault();
  }

  public Optional<Digest> optionalDigest() {
    return Optional.ofNullable(digest);
  }

  public ImageReference withTag(String newTag) {
    return new ImageReference(registry, repository, newTag, null);
  }

  public ImageReference withDigest(Digest newDigest) {
    return new ImageReference(registry, repository, null, newDigest);
  }

  public ImageReference withRepository(String newRepository) {
    return new ImageReference(registry, newRepository, tag, digest);
  }

  /** {@code registry/repository}, the name without tag or digest. */
  public String name() {
    return registry + "/" + repository;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(name());
    if (tag != null) {
      out.append(':').append(tag);
    }
    if (digest != null) {
      out.append('@').append(digest);
    }
    return out.toString();
  }
}
