package dev.slipway.compile;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One package a build reads, as {@code go list -deps -json} describes it.
 *
 * @param module the module's path; empty for the standard library
 * @param version the module's version; empty for a main module or a directory replacement, whose
 *     files are the package's identity instead
 * @param files the package's source files as go selected them for this platform and these tags (Go,
 *     cgo, assembly, headers, syso and embedded files), relative to {@code dir}
 * @param imports the packages it imports directly, after vendoring and replacement
 */
public record GoPackage(
    String importPath,
    Path dir,
    boolean standard,
    String module,
    String version,
    List<String> files,
    List<String> imports) {
  public GoPackage {
    files = List.copyOf(files);
    imports = List.copyOf(imports);
  }

  /** True when the package's files, not a module version, identify its source. */
  public boolean local() {
    return !standard && version.isEmpty();
  }

  /** {@code path@version} of the package's module, if it comes from a versioned module. */
  public Optional<String> moduleVersion() {
    return version.isEmpty() ? Optional.empty() : Optional.of(module + "@" + version);
  }
}
