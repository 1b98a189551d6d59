package dev.slipway.config;

import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/** Loads a configuration file's YAML as nodes, which keep where each value was written. */
final class YamlFiles {
  private YamlFiles() {}

  /** The file's one document, empty for an empty file; malformed input names its place. */
  static Optional<Node> compose(Path file, String shown) throws UsageException, IOException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (CharacterCodingException e) {
      throw new UsageException(shown + ": not UTF-8 text", e);
    }
    try {
      LoadSettings settings =
          LoadSettings.builder().setLabel(shown).setMaxAliasesForCollections(50).build();
      return new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      Where where =
          e.getProblemMark()
              .map(m -> new Where(shown, m.getLine() + 1, m.getColumn() + 1))
              .orElse(new Where(shown, 1, 1));
      throw ConfigException.at(where, "not valid YAML: " + e.getProblem(), e);
    } catch (YamlEngineException e) {
      throw new UsageException(shown + ": not valid YAML: " + e.getMessage(), e);
    }
  }
}
