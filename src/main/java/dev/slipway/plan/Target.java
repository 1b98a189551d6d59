package dev.slipway.plan;

import java.nio.file.Path;

/**
 * A main package to build into an image.
 *
 * @param name the binary and image name (last import path element, skipping a /vN suffix)
 * @param importPath the package's import path
 * @param moduleRoot the directory holding the package's go.mod
 * @param packageDir the package's directory
 */
public record Target(String name, String importPath, Path moduleRoot, Path packageDir) {}
