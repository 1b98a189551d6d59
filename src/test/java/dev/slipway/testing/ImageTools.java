package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Independent checks of images with tools nobody here wrote: skopeo copies and inspects, umoci
 * unpacks (verifying layer digests and diffIDs), and chroot runs the entrypoint.
 */
public final class ImageTools {
  private ImageTools() {}

  /** The result of a command: exit code and combined output. */
  public record Result(int code, String output) {
    public Result orFail(String what) {
      if (code != 0) {
        throw new AssertionError(what + " failed with exit " + code + ":\n" + output);
      }
      return this;
    }
  }

  public static Result run(Path dir, String... command) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      if (dir != null) {
        pb.directory(dir.toFile());
      }
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** {@code skopeo copy docker://REF oci:DIR:TAG} over plain HTTP. */
  /**
   * Pushes a one-layer amd64 base whose {@code /etc/base-marker} says {@code marker} to {@code ref}
   * (a registry on plain HTTP) with skopeo, from a layout made under {@code dir}.
   */
  public static void pushBase(Path dir, String ref, String marker) {
    Path layout =
        OciLayouts.write(
            dir,
            "1",
            new OciLayouts.Base(
                java.util.Map.of("etc/base-marker", marker),
                java.util.List.of("PATH=/usr/bin:/bin"),
                java.util.Map.of(),
                "amd64"),
            false);
    run(
            null,
            "skopeo",
            "copy",
            "--dest-tls-verify=false",
            "oci:" + layout + ":1",
            "docker://" + ref)
        .orFail("skopeo copy to " + ref);
  }

  /**
   * Copies the image or index tagged {@code tag} in {@code layout}, every manifest, to {@code ref}.
   */
  public static void push(Path layout, String tag, String ref) {
    run(
            null,
            "skopeo",
            "copy",
            "--all",
            "--preserve-digests",
            "--dest-tls-verify=false",
            "oci:" + layout + ":" + tag,
            "docker://" + ref)
        .orFail("skopeo copy to " + ref);
  }

  public static void pull(String ref, Path layout, String tag) {
    run(
            null,
            "skopeo",
            "copy",
            "--src-tls-verify=false",
            "docker://" + ref,
            "oci:" + layout + ":" + tag)
        .orFail("skopeo copy " + ref);
  }

  /** {@code skopeo inspect [--raw|--config]} of a docker:// or other transport reference. */
  public static String inspect(String transportRef, String... flags) {
    List<String> cmd = new ArrayList<>(List.of("skopeo", "inspect", "--tls-verify=false"));
    cmd.addAll(List.of(flags));
    cmd.add(transportRef);
    return run(null, cmd.toArray(String[]::new)).orFail("skopeo inspect").output();
  }

  /** {@code umoci unpack}, returning the rootfs. umoci checks every digest and diffID. */
  public static Path unpack(Path layout, String tag, Path bundle) {
    run(null, "umoci", "unpack", "--image", layout + ":" + tag, bundle.toString())
        .orFail("umoci unpack");
    return bundle.resolve("rootfs");
  }

  /** Runs a program inside a rootfs as nonroot (65532), as the image's config says. */
  public static String runAsNonroot(Path rootfs, String program, String... args) {
    List<String> cmd =
        new ArrayList<>(List.of("chroot", "--userspec=65532:65532", rootfs.toString(), program));
    cmd.addAll(List.of(args));
    return run(null, cmd.toArray(String[]::new)).orFail("chroot " + program).output();
  }

  /**
   * Starts the image's process as the image says, from the runtime bundle umoci made of it ({@code
   * config.json}: user and groups, working directory, environment, entrypoint and cmd): chroot into
   * the rootfs, chdir, drop to the user, exec with exactly that environment. Output goes to {@code
   * log}.
   */
  public static Process startAsImageSays(Path bundle, Path log) {
    try {
      return new ProcessBuilder("python3", "-c", AS_IMAGE_SAYS, bundle.toString())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String AS_IMAGE_SAYS =
      """
      import json, os, sys
      bundle = sys.argv[1]
      spec = json.load(open(os.path.join(bundle, "config.json")))
      proc = spec["process"]
      os.chroot(os.path.join(bundle, spec["root"]["path"]))
      os.chdir(proc.get("cwd", "/"))
      user = proc["user"]
      os.setgroups(user.get("additionalGids", []))
      os.setgid(user["gid"])
      os.setuid(user["uid"])
      env = dict(e.split("=", 1) for e in proc.get("env", []))
      os.execve(proc["args"][0], proc["args"], env)
      """;
}
