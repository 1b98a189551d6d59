package dev.slipway.attest;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.slipway.compile.GoBuildInfo;
import dev.slipway.core.Digest;
import java.util.Base64;
import java.util.Optional;

/** Package URLs and hashes of Go modules, as SBOM consumers look them up. */
final class GoPurls {
  private GoPurls() {}

  /**
   * {@code pkg:golang/<module path>@<version>}, the purl spec's golang type (namespace: the path
   * before its last element); no version for a module without one ({@code (devel)}).
   */
  static String module(GoBuildInfo.Module m) {
    String path = m.path();
    int slash = path.lastIndexOf('/');
    String namespace = slash < 0 ? null : path.substring(0, slash);
    String name = slash < 0 ? path : path.substring(slash + 1);
    String version = hasVersion(m.version()) ? m.version() : null;
    return purl("golang", namespace, name, version);
  }

  /** The Go standard library of a toolchain, as SBOM scanners name it. */
  static String stdlib(String goVersion) {
    return purl("golang", null, "stdlib", stdlibVersion(goVersion));
  }

  /** {@code go1.26.0} as {@code 1.26.0}; an experiment suffix stays. */
  static String stdlibVersion(String goVersion) {
    return goVersion.startsWith("go") ? goVersion.substring(2) : goVersion;
  }

  /** An image by its manifest digest: {@code pkg:oci/<name>@sha256:...}. */
  static String image(String name, Digest manifest) {
    int slash = name.lastIndexOf('/');
    String last = slash < 0 ? name : name.substring(slash + 1);
    int colon = last.indexOf(':');
    return purl("oci", null, colon < 0 ? last : last.substring(0, colon), manifest.toString());
  }

  /**
   * The module whose files were linked in: a replacement by another module version is named by it;
   * one by a local directory keeps the replaced path and has no version ({@code (devel)}).
   */
  static GoBuildInfo.Module linked(GoBuildInfo.Module m) {
    if (m.replace() == null) {
      return m;
    }
    if (hasVersion(m.replace().version())) {
      return m.replace();
    }
    return new GoBuildInfo.Module(m.path(), "(devel)", "", null);
  }

  static boolean hasVersion(String version) {
    return !version.isEmpty() && !version.equals("(devel)");
  }

  /**
   * The SHA-256 inside a go.sum {@code h1:} hash (of the module's file list, as
   * golang.org/x/mod/sumdb/dirhash defines it), in hex; empty for any other form.
   */
  static Optional<String> h1Hex(String sum) {
    if (!sum.startsWith("h1:")) {
      return Optional.empty();
    }
    try {
      byte[] hash = Base64.getDecoder().decode(sum.substring(3));
      return hash.length == 32 ? Optional.of(Digest.sha256(hash).hex()) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String purl(String type, String namespace, String name, String version) {
    try {
      return new PackageURL(type, namespace, name, version, null, null).canonicalize();
    } catch (MalformedPackageURLException e) {
      throw new IllegalArgumentException("no package URL for " + name + ": " + e.getMessage(), e);
    }
  }
}
