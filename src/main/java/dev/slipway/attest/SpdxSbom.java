package dev.slipway.attest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.compile.GoBuildInfo;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * An SPDX 2.3 JSON SBOM of one platform's image: packages for the image (by manifest digest), the
 * Go binary's main module, the toolchain's standard library, each module linked in (purl, go.sum
 * hash) and the base, tied by relationships (the document describes the image; the image contains
 * the main module and the base; the main module depends on the modules). Written with Jackson: the
 * SPDX project's Java library is a model of every SPDX version with its own storage layers, far
 * more than one document of one version needs, and the tests validate the output with the SPDX
 * project's own validator.
 */
public final class SpdxSbom {
  public static final String MEDIA_TYPE = "application/spdx+json";

  /** The in-toto predicate type of this SBOM as a signed attestation. */
  public static final String PREDICATE_TYPE = "https://spdx.dev/Document";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String NONE = "NOASSERTION";

  private SpdxSbom() {}

  public static byte[] write(SbomSubject s) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("spdxVersion", "SPDX-2.3");
    doc.put("dataLicense", "CC0-1.0");
    doc.put("SPDXID", "SPDXRef-DOCUMENT");
    doc.put("name", s.name() + "@" + s.manifest());
    doc.put("documentNamespace", "urn:uuid:" + s.documentId("spdx"));
    ObjectNode creation = doc.putObject("creationInfo");
    creation.put(
        "created",
        DateTimeFormatter.ISO_INSTANT.format(s.created().truncatedTo(ChronoUnit.SECONDS)));
    creation.putArray("creators").add("Tool: slipway-" + s.toolVersion());
    ArrayNode packages = doc.putArray("packages");
    ArrayNode relationships = doc.putArray("relationships");

    ObjectNode image = pkg(packages, "SPDXRef-Image", s.name(), s.manifest().toString());
    image.put("primaryPackagePurpose", "CONTAINER");
    purl(image, GoPurls.image(s.name(), s.manifest()));
    image.put("comment", "image manifest for " + s.platform());
    relate(relationships, "SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Image");

    GoBuildInfo build = s.build();
    ObjectNode main = module(packages, "SPDXRef-Main", build.main());
    main.put("primaryPackagePurpose", "APPLICATION");
    StringBuilder settings = new StringBuilder("main package " + build.path() + "; built with");
    for (Map.Entry<String, String> e : build.settings().entrySet()) {
      settings.append(' ').append(e.getKey()).append('=').append(e.getValue());
    }
    main.put("comment", settings.toString());
    relate(relationships, "SPDXRef-Image", "CONTAINS", "SPDXRef-Main");

    ObjectNode stdlib =
        pkg(packages, "SPDXRef-Stdlib", "stdlib", GoPurls.stdlibVersion(build.goVersion()));
    stdlib.put("primaryPackagePurpose", "LIBRARY");
    purl(stdlib, GoPurls.stdlib(build.goVersion()));
    stdlib.put("comment", "the Go standard library and runtime of " + build.goVersion());
    relate(relationships, "SPDXRef-Main", "DEPENDS_ON", "SPDXRef-Stdlib");

    int n = 0;
    for (GoBuildInfo.Module dep : build.deps()) {
      String id = "SPDXRef-Module-" + ++n;
      module(packages, id, dep).put("primaryPackagePurpose", "LIBRARY");
      relate(relationships, "SPDXRef-Main", "DEPENDS_ON", id);
    }

    if (s.base() instanceof SbomSubject.PulledBase pulled) {
      ObjectNode base =
          pkg(packages, "SPDXRef-Base", pulled.reference(), pulled.digest().toString());
      base.put("primaryPackagePurpose", "CONTAINER");
      purl(base, GoPurls.image(pulled.reference(), pulled.digest()));
      for (SbomSubject.BaseSbom sbom : pulled.sboms()) {
        // The base's own SBOM, named where it is: SPDX's OTHER category takes any type.
        ObjectNode ref = ((ArrayNode) base.get("externalRefs")).addObject();
        ref.put("referenceCategory", "OTHER");
        ref.put("referenceType", "oci-sbom");
        ref.put("referenceLocator", sbom.location());
        ref.put("comment", "the base image's own SBOM (" + sbom.mediaType() + ")");
      }
      base.put("comment", "base image");
      relate(relationships, "SPDXRef-Image", "DESCENDANT_OF", "SPDXRef-Base");
    } else if (s.base() instanceof SbomSubject.GeneratedBase generated) {
      n = 0;
      for (SbomSubject.BaseFile f : generated.files()) {
        String id = "SPDXRef-BaseFile-" + ++n;
        ObjectNode file = pkg(packages, id, f.path(), null);
        file.put("primaryPackagePurpose", "FILE");
        checksum(file, f.sha256().hex());
        file.put("comment", "a file of Slipway's generated static base");
        relate(relationships, "SPDXRef-Image", "CONTAINS", id);
      }
    }
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("could not write the SPDX document", e);
    }
  }

  private static ObjectNode module(ArrayNode packages, String id, GoBuildInfo.Module m) {
    GoBuildInfo.Module linked = GoPurls.linked(m);
    ObjectNode p =
        pkg(
            packages,
            id,
            linked.path(),
            GoPurls.hasVersion(linked.version()) ? linked.version() : null);
    purl(p, GoPurls.module(linked));
    GoPurls.h1Hex(linked.sum()).ifPresent(hex -> checksum(p, hex));
    if (m.replace() != null) {
      p.put(
          "sourceInfo",
          "replaces "
              + m.path()
              + " "
              + m.version()
              + (GoPurls.hasVersion(m.replace().version())
                  ? ""
                  : "; built from the local directory " + m.replace().path()));
    }
    return p;
  }

  private static ObjectNode pkg(ArrayNode packages, String id, String name, String version) {
    ObjectNode p = packages.addObject();
    p.put("SPDXID", id);
    p.put("name", name);
    if (version != null) {
      p.put("versionInfo", version);
    }
    p.put("supplier", NONE);
    p.put("downloadLocation", NONE);
    p.put("filesAnalyzed", false);
    p.put("licenseConcluded", NONE);
    p.put("licenseDeclared", NONE);
    p.put("copyrightText", NONE);
    return p;
  }

  private static void purl(ObjectNode p, String purl) {
    ObjectNode ref = p.putArray("externalRefs").addObject();
    ref.put("referenceCategory", "PACKAGE-MANAGER");
    ref.put("referenceType", "purl");
    ref.put("referenceLocator", purl);
  }

  /** go.sum's h1: hash holds a SHA-256, of the module's file list (dirhash). */
  private static void checksum(ObjectNode p, String sha256Hex) {
    ObjectNode c = p.putArray("checksums").addObject();
    c.put("algorithm", "SHA256");
    c.put("checksumValue", sha256Hex);
  }

  private static void relate(ArrayNode relationships, String from, String type, String to) {
    ObjectNode r = relationships.addObject();
    r.put("spdxElementId", from);
    r.put("relationshipType", type);
    r.put("relatedSpdxElement", to);
  }
}
