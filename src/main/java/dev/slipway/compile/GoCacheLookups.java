package dev.slipway.compile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What go's build-cache lookups that found nothing were for, so that a build's action misses can be
 * told apart from its compiles. Most are not compiles: {@code go build} never caches a binary, so a
 * runner that has not linked a target yet misses its link, whatever the remote caches hold.
 *
 * <p>The action graph names each compile's and link's action ID. Go also looks up entries it
 * derives from an action ID with {@code cache.Subkey} (sha256 of {@code "subkey:"}, the parent ID
 * and a description): a compile's saved messages ({@code stdout}), a link's ({@code link-stdout})
 * and a cgo package's generated file list ({@code srcfiles}). Anything else is counted as other:
 * go's index of module directories, cgo's compiler flag probes (whose parent is the C compiler's
 * ID), and entries a writer left out because their files had changed within go's two-second window
 * for trusting modification times.
 */
public final class GoCacheLookups {
  public static final String LINK = "link";
  public static final String COMPILE = "compile";
  public static final String COMPILE_OUTPUT = "compile output";
  public static final String LINK_OUTPUT = "link output";
  public static final String SOURCE_LIST = "cgo file list";
  public static final String OTHER = "other";

  /** Subkey descriptions, in go's spelling, and what each is. */
  private static final Map<String, String> SUBKEYS =
      Map.of("stdout", COMPILE_OUTPUT, "link-stdout", LINK_OUTPUT, "srcfiles", SOURCE_LIST);

  private GoCacheLookups() {}

  /**
   * How many of {@code missed} were of each kind.
   *
   * @param missed each lookup that found nothing, by the hex action ID go sent, once per lookup
   * @param asked every action ID go asked about or stored during the build, in hex: the parents of
   *     the subkeys
   * @param graphs the action graph of each go build
   */
  public static Map<String, Integer> classify(
      List<String> missed, Collection<String> asked, Collection<GoAction.Graph> graphs) {
    Map<String, Integer> out = new TreeMap<>();
    if (missed.isEmpty()) {
      return out;
    }
    Map<String, String> modes = new HashMap<>();
    graphs.forEach(g -> modes.putAll(g.lookups()));
    Map<String, String> subkeys = null;
    for (String key : missed) {
      byte[] id = HexFormat.of().parseHex(key);
      String mode = modes.get(GoAction.graphId(id));
      String kind;
      if (mode != null) {
        kind = mode.equals("build") ? COMPILE : mode.equals("link") ? LINK : mode;
      } else {
        if (subkeys == null) {
          subkeys = subkeys(asked);
        }
        kind = subkeys.getOrDefault(key, OTHER);
      }
      out.merge(kind, 1, Integer::sum);
    }
    return out;
  }

  /** Each subkey go may derive from {@code parents}, in hex, with its kind. */
  private static Map<String, String> subkeys(Collection<String> parents) {
    Map<String, String> out = new HashMap<>();
    MessageDigest sha256 = sha256();
    for (String parent : parents) {
      byte[] id = HexFormat.of().parseHex(parent);
      SUBKEYS.forEach(
          (desc, kind) -> {
            sha256.update("subkey:".getBytes(StandardCharsets.UTF_8));
            sha256.update(id);
            sha256.update(desc.getBytes(StandardCharsets.UTF_8));
            out.put(HexFormat.of().formatHex(sha256.digest()), kind);
          });
    }
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
