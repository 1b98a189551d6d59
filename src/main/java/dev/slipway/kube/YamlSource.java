package dev.slipway.kube;

/**
 * One YAML stream as read: the name errors use ({@code config/deploy.yaml}, or {@code <stdin>}) and
 * the text, exactly as decoded from its bytes.
 */
public record YamlSource(String name, String text) {
  public YamlSource {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a YAML source needs a name for its errors");
    }
    if (text == null) {
      throw new IllegalArgumentException(name + ": the text is missing");
    }
  }
}
