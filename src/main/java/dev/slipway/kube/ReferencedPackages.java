package dev.slipway.kube;

import dev.slipway.core.UsageException;
import dev.slipway.plan.Target;
import dev.slipway.plan.TargetResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The import path of the package a reference names, which is how a built target is found for it. An
 * import path names itself. A local path ({@code ko://./cmd/app}, {@code ko://../svc/cmd/app}) is a
 * directory relative to the working directory, as go reads it; its import path is that of its
 * module (the nearest go.mod above it, as the build places it) followed by the directory's path
 * inside the module. Matching a built import path by its ending instead would take {@code
 * ./cmd/app} for any module's {@code cmd/app}.
 */
public final class ReferencedPackages {
  private ReferencedPackages() {}

  /**
   * The import path {@code reference} names, read from {@code workDir}.
   *
   * @throws UsageException if a local path names no directory of Go files inside a module whose
   *     path can be read from its go.mod
   */
  public static String importPath(Path workDir, KoImportPath reference)
      throws UsageException, IOException {
    if (!reference.local()) {
      return reference.path();
    }
    List<Target> targets =
        TargetResolver.direct(workDir, List.of(reference.path()))
            .orElseThrow(
                () ->
                    new UsageException(
                        reference
                            + ": cannot tell its import path from "
                            + workDir
                            + " (no Go files there, or no module path in its go.mod)"));
    return targets.get(0).importPath();
  }
}
