package dev.slipway.dockerfile;

/** Why the instructions slipway.yaml has no key for are not translated. */
final class OtherInstructions {
  private OtherInstructions() {}

  static String why(Instruction.Other other) {
    return switch (other.keyword()) {
      case "VOLUME" ->
          "VOLUME "
              + other.arguments()
              + " is not translated: slipway.yaml declares no volumes;"
              + " mount them where the image runs";
      case "HEALTHCHECK" ->
          "HEALTHCHECK is not translated: it is Docker's own image setting; use the probes of"
              + " whatever runs the image";
      case "ONBUILD" -> "ONBUILD is not translated: it only acts on images built FROM this one";
      case "SHELL" -> "SHELL is not translated: Slipway's image runs no shell";
      case "STOPSIGNAL" ->
          "STOPSIGNAL "
              + other.arguments()
              + " is not translated: set the stop signal where"
              + " the image runs";
      case "MAINTAINER" ->
          "MAINTAINER is not translated (it is deprecated): use a label such as"
              + " org.opencontainers.image.authors";
      default -> other.keyword() + " is not translated";
    };
  }
}
