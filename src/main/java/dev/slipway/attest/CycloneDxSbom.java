package dev.slipway.attest;

import dev.slipway.compile.GoBuildInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.ExternalReference;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * A CycloneDX 1.6 JSON SBOM of one platform's image, written with the CycloneDX project's own
 * library: the image (its manifest digest), the Go binary's main module, the standard library of
 * its toolchain, each module linked in (purl, go.sum hash) and the base, with a dependency graph
 * image -> main module -> modules. Build settings are properties of the main module.
 */
public final class CycloneDxSbom {
  public static final String MEDIA_TYPE = "application/vnd.cyclonedx+json";

  /** The in-toto predicate type of this SBOM as a signed attestation. */
  public static final String PREDICATE_TYPE = "https://cyclonedx.org/bom";

  private CycloneDxSbom() {}

  public static byte[] write(SbomSubject s) {
    Bom bom = new Bom();
    bom.setSerialNumber("urn:uuid:" + s.documentId("cyclonedx"));
    bom.setVersion(1);

    Component image = new Component();
    image.setType(Component.Type.CONTAINER);
    image.setBomRef("image");
    image.setName(s.name());
    image.setVersion(s.manifest().toString());
    image.setPurl(GoPurls.image(s.name(), s.manifest()));
    image.addProperty(new Property("slipway:platform", s.platform().toString()));

    Metadata metadata = new Metadata();
    metadata.setTimestamp(Date.from(s.created()));
    metadata.setComponent(image);
    Component tool = new Component();
    tool.setType(Component.Type.APPLICATION);
    tool.setName("slipway");
    tool.setVersion(s.toolVersion());
    ToolInformation tools = new ToolInformation();
    tools.setComponents(List.of(tool));
    metadata.setToolChoice(tools);
    bom.setMetadata(metadata);

    GoBuildInfo build = s.build();
    Component main = module(build.main(), Component.Type.APPLICATION, "main");
    main.setDescription("main package " + build.path());
    for (Map.Entry<String, String> setting : build.settings().entrySet()) {
      main.addProperty(new Property("slipway:go:build:" + setting.getKey(), setting.getValue()));
    }
    bom.addComponent(main);

    Component stdlib = new Component();
    stdlib.setType(Component.Type.LIBRARY);
    stdlib.setBomRef("stdlib");
    stdlib.setName("stdlib");
    stdlib.setVersion(build.goVersion());
    stdlib.setPurl(GoPurls.stdlib(build.goVersion()));
    stdlib.setDescription("the Go standard library and runtime of the toolchain that built main");
    bom.addComponent(stdlib);

    Dependency imageDeps = new Dependency("image");
    imageDeps.addDependency(new Dependency("main"));
    Dependency mainDeps = new Dependency("main");
    mainDeps.addDependency(new Dependency("stdlib"));
    List<Dependency> leaves = new ArrayList<>();
    leaves.add(new Dependency("stdlib"));
    int n = 0;
    for (GoBuildInfo.Module dep : build.deps()) {
      String ref = "module-" + ++n;
      bom.addComponent(module(dep, Component.Type.LIBRARY, ref));
      mainDeps.addDependency(new Dependency(ref));
      leaves.add(new Dependency(ref));
    }
    n = 0;
    for (Component base : base(s.base())) {
      String ref = "base-" + ++n;
      base.setBomRef(ref);
      bom.addComponent(base);
      imageDeps.addDependency(new Dependency(ref));
      leaves.add(new Dependency(ref));
    }
    List<Dependency> graph = new ArrayList<>(List.of(imageDeps, mainDeps));
    graph.addAll(leaves);
    bom.setDependencies(graph);
    try {
      return BomGeneratorFactory.createJson(Version.VERSION_16, bom)
          .toJsonString()
          .getBytes(StandardCharsets.UTF_8);
    } catch (GeneratorException e) {
      throw new IllegalStateException("CycloneDX could not write the SBOM: " + e.getMessage(), e);
    }
  }

  /** A module as linked: a replacement by another version is named by it; a local one is noted. */
  private static Component module(GoBuildInfo.Module m, Component.Type type, String ref) {
    GoBuildInfo.Module linked = GoPurls.linked(m);
    Component c = new Component();
    c.setType(type);
    c.setBomRef(ref);
    c.setName(linked.path());
    if (GoPurls.hasVersion(linked.version())) {
      c.setVersion(linked.version());
    }
    c.setPurl(GoPurls.module(linked));
    GoPurls.h1Hex(linked.sum()).ifPresent(hex -> c.addHash(new Hash(Hash.Algorithm.SHA_256, hex)));
    if (!linked.sum().isEmpty()) {
      c.addProperty(new Property("slipway:go:sum", linked.sum()));
    }
    if (m.replace() != null) {
      c.addProperty(new Property("slipway:go:replaces", m.path() + " " + m.version()));
      if (!GoPurls.hasVersion(m.replace().version())) {
        c.addProperty(new Property("slipway:go:replaced-by", m.replace().path()));
      }
    }
    return c;
  }

  private static List<Component> base(SbomSubject.Base base) {
    List<Component> out = new ArrayList<>();
    if (base instanceof SbomSubject.PulledBase pulled) {
      Component c = new Component();
      c.setType(Component.Type.CONTAINER);
      c.setName(pulled.reference());
      c.setVersion(pulled.digest().toString());
      c.setPurl(GoPurls.image(pulled.reference(), pulled.digest()));
      for (SbomSubject.BaseSbom sbom : pulled.sboms()) {
        ExternalReference ref = new ExternalReference();
        ref.setType(ExternalReference.Type.BOM);
        ref.setUrl(sbom.location());
        ref.setComment("the base image's own SBOM (" + sbom.mediaType() + ")");
        c.addExternalReference(ref);
      }
      c.setDescription("base image");
      out.add(c);
    } else if (base instanceof SbomSubject.GeneratedBase generated) {
      for (SbomSubject.BaseFile f : generated.files()) {
        Component c = new Component();
        c.setType(Component.Type.FILE);
        c.setName(f.path());
        c.addHash(new Hash(Hash.Algorithm.SHA_256, f.sha256().hex()));
        c.setDescription("a file of Slipway's generated static base");
        out.add(c);
      }
    }
    return out;
  }
}
