package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.slipway.testing.FaultProxy;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.RegistryServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remotes that accept a connection and then stop answering, as a stopped (SIGSTOP) process does:
 * every call is bounded by SLIPWAY_HTTP_TIMEOUT (short here, so the tests are quick), retried as
 * the retry policy says, and the failure names the host. The wall-time bounds are generous on
 * purpose: they catch minutes-long waits, not slow machines.
 */
@Tag("integration")
class StalledRemoteEndToEndTest {
  /** Far above what the bounded calls need, far below the JDK's five-minute read timeout. */
  private static final Duration BOUND = Duration.ofSeconds(60);

  @TempDir Path tmp;

  private Slipway slipway() {
    return new Slipway(tmp.resolve("cache"))
        .unset("SLIPWAY_CACHE")
        .unset("SLIPWAY_REPO")
        .env("SLIPWAY_HTTP_TIMEOUT", "1s");
  }

  /** Runs {@code build}, failing the test if it takes longer than {@link #BOUND}. */
  private static Slipway.Run bounded(Supplier<Slipway.Run> build) {
    return assertTimeoutPreemptively(BOUND.plusSeconds(30), build::get);
  }

  @Test
  void aRegistryThatStopsAnsweringFailsThePushWithExit4NamingTheHostInBoundedTime()
      throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    try (RegistryServer registry = RegistryServer.start();
        FaultProxy proxy = FaultProxy.start(registry.host())) {
      // Blobs go up; then the registry stops answering, as at the manifest of a real push.
      proxy.stall(Integer.MAX_VALUE, "PUT", "/manifests/");
      long start = System.nanoTime();
      Slipway.Run run =
          bounded(
              () ->
                  slipway()
                      .run(
                          "build",
                          "-C",
                          module.toString(),
                          "--push",
                          proxy.host() + "/stall/app:v1",
                          "./cmd/svc"));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(run.code()).as(run.err()).isEqualTo(4);
      assertThat(run.err()).contains(proxy.host()).contains("SLIPWAY_HTTP_TIMEOUT");
      assertThat(took).isLessThan(BOUND);
      // Retried as the policy says (3 attempts), then given up.
      assertThat(proxy.faultsFired()).hasSize(3);
    }
  }

  @Test
  void aPushgatewayThatStopsAnsweringIsWarnedAboutAndTheBuildSucceedsInBoundedTime()
      throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    try (FaultProxy gateway = FaultProxy.silent()) {
      long start = System.nanoTime();
      Slipway.Run run =
          bounded(
              () ->
                  slipway()
                      .run(
                          "build",
                          "-C",
                          module.toString(),
                          "--oci-layout",
                          tmp.resolve("oci").toString(),
                          "--pushgateway",
                          "http://" + gateway.host(),
                          "./cmd/svc"));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(run.code()).as(run.err()).isZero();
      assertThat(took).isLessThan(BOUND);
      assertThat(run.err()).contains("warning").contains(gateway.host()).contains("not pushed");
    }
  }
}
