package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A two-module repository shaped like a real one, for tests of what go writes into a binary: {@code
 * shop} (main package {@code cmd/checkout}) requires the real {@code golang.org/x/sync} v0.10.0,
 * fetched through go's default module proxy, and {@code example.com/platform}, replaced by the
 * sibling directory {@code ../platform}.
 */
public final class GoShop {
  private final Path shop;
  private final Map<String, String> env;

  private GoShop(Path shop, Map<String, String> env) {
    this.shop = shop;
    this.env = env;
  }

  /** Writes the repository under {@code dir} and runs {@code go mod tidy} for it. */
  public static GoShop write(Path dir) throws IOException {
    Path root = dir.resolve("repo");
    Path shop = root.resolve("shop");
    GoModules.write(
        shop.resolve("go.mod"),
        """
        module example.com/shop

        go 1.24

        require (
        \texample.com/platform v0.0.0
        \tgolang.org/x/sync v0.10.0
        )

        replace example.com/platform => ../platform
        """);
    GoModules.write(
        shop.resolve("cmd/checkout/main.go"),
        """
        package main

        import (
        \t"fmt"

        \t"example.com/platform/greet"
        \t"golang.org/x/sync/errgroup"
        )

        var version = "dev"

        func main() {
        \tvar g errgroup.Group
        \tg.Go(func() error { fmt.Println(greet.Hello, version); return nil })
        \t_ = g.Wait()
        }
        """);
    GoModules.write(root.resolve("platform/go.mod"), "module example.com/platform\n\ngo 1.24\n");
    GoModules.write(
        root.resolve("platform/greet/greet.go"), "package greet\n\nconst Hello = \"hello\"\n");
    Map<String, String> env = TestEnvironment.of(dir.resolve("env"));
    env.put("GOPROXY", PublicModules.goproxy(Files.createDirectories(dir.resolve("proxy-home"))));
    env.put("GOFLAGS", "-modcacherw");
    env.put("CGO_ENABLED", "0");
    env.put("GOWORK", "off");
    TestEnvironment.Result tidy = TestEnvironment.run(shop, env, 180, "go", "mod", "tidy");
    assertThat(tidy.code()).as(tidy.output()).isZero();
    return new GoShop(shop, env);
  }

  /** The main module's directory ({@code repo/shop}). */
  public Path dir() {
    return shop;
  }

  /** go's environment for this repository (its own caches, the proxy). */
  public Map<String, String> env() {
    return env;
  }

  /** Builds {@code ./cmd/checkout} for linux/{@code arch} with {@code -trimpath} and flags. */
  public Path build(Path out, String arch, String... flags) {
    List<String> command = new ArrayList<>(List.of("go", "build", "-trimpath"));
    command.addAll(List.of(flags));
    command.addAll(List.of("-o", out.toString(), "./cmd/checkout"));
    env.put("GOARCH", arch);
    TestEnvironment.Result build =
        TestEnvironment.run(shop, env, 300, command.toArray(String[]::new));
    assertThat(build.code()).as(build.output()).isZero();
    return out;
  }
}
