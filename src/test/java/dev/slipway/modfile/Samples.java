package dev.slipway.modfile;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** go.mod texts shared by the parser tests and the cross-check against the real go. */
final class Samples {
  private Samples() {}

  /** Every directive, in line and block form, with the comments go reads meaning from. */
  static final String REALISTIC =
      """
      // Deprecated: use example.com/svc/v2 instead.
      module "example.com/svc" // trailing

      go 1.22.1

      toolchain go1.22.3

      godebug default=go1.21

      godebug (
          panicnil=1
          http2client=0
      )

      require golang.org/x/text v0.14.0

      require (
          github.com/google/uuid v1.6.0
          golang.org/x/sys v0.20.0 // indirect
          golang.org/x/net v0.25.0 // indirect; pulled in by grpc
          gopkg.in/yaml.v3 v3.0.1 // not indirect
          github.com/pkg/errors v0.9 //indirect
          example.com/old v2.0.0+incompatible
          "example.com/quoted" v1.0.0-rc.1
          example.com/semi v1.0.0 // indirect;
          example.com/build v1.2.3+meta
      )

      exclude golang.org/x/text v0.13.0

      exclude (
          golang.org/x/sys v0.19.0
          example.com/bad/v2 v2.0.1
      )

      replace example.com/local => ./local

      replace (
          example.com/fork v1.2.3 => example.com/fork-fixed v1.2.4
          example.com/abs => /opt/src/abs
          example.com/parent v1.0.0 => ../parent
          "example.com/q" => "./with space"
      )

      retract v1.0.0 // published by mistake

      // Whole-line reason.
      retract [v1.1.0, v1.2.0]

      // Block reason.
      retract (
          // Reason one.
          v1.3.0
          [v1.4.0, v1.4.9] // Reason two.

          v1.5.0
      )

      retract (
          v1.6.0
      )

      tool golang.org/x/tools/cmd/stringer

      tool (
          example.com/svc/cmd/gen
      )

      ignore ./node_modules

      ignore (
          third_party/js
      )
      """;

  /** Valid files that stress the lexer and the comment rules. */
  static final List<String> VALID =
      List.of(
          REALISTIC,
          "module m\n",
          "module m",
          "module example.com/m\r\nrequire example.com/a v1.0.0 // indirect\r\n",
          "module example.com/m\nrequire(\nexample.com/a v1.0.0\n)\n",
          "module example.com/m\nrequire ( // why\n  example.com/a v1.0.0\n) // end\n",
          "module example.com/m\nrequire ()\nreplace ( )\n",
          "module example.com/m\n\n// Deprecated: gone\n\nrequire example.com/a v1\n",
          "// first\n//\n// Deprecated: paragraph\n// two\n//\n// after\nmodule example.com/m\n",
          "// Deprecated:no space\nmodule example.com/m\n",
          "module (\n  // Deprecated: in block\n  example.com/m\n)\n",
          "// Deprecated: on block\nmodule (\n  example.com/m\n)\n",
          "module example.com/m\nrequire example.com/a/v2 v2.0.0-20240101000000-abcdefabcdef\n",
          "module example.com/m\nrequire gopkg.in/check.v1 v0.0.0-20161208181325-20d25e280405\n",
          "module example.com/m\nrequire gopkg.in/yaml.v2-unstable v2.1.0\n",
          "module example.com/m\nreplace example.com/a => .\nreplace example.com/b => ..\n",
          "module example.com/m\nreplace example.com/a => D:/src/a\n",
          "module example.com/m\nrequire \"example.com/\\x61\" \"v1.0.0\"\n",
          "module example.com/m\nretract \"v1.0.0\"\nretract [ v1.1.0 , v1.2.0 ]\nretract v1.2\n",
          "// c\nretract (\n  // a\n\n  // b\n  v1.0.0\n)\nmodule example.com/m\n",
          "module example.com/m\nretract (\n  v1.0.0 // x\n  // dangling\n)\n",
          "module example.com/m\ngo 1.21rc1\ntoolchain default\n",
          "module example.com/m\ntoolchain go1.21.0-gccgo\n",
          "module example.com/m\ngodebug k=\n",
          "module example.com/m\n  require\texample.com/a   v1.0.0   //   indirect   \n");

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
