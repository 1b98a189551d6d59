package dev.slipway.modfile;

import dev.slipway.core.ModuleVersion;
import dev.slipway.core.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed go.mod, read as {@code go mod edit} reads it (golang.org/x/mod/modfile.Parse with no
 * version fixer): versions such as {@code v1.2} are canonicalized to {@code v1.2.0}, and anything
 * that is not a semantic version is an error; retract bounds are kept as written, as go mod edit
 * keeps them. Lists keep file order. Beyond modfile.Parse, and as the go command does later, a
 * missing or empty module path and two different replacements for one module are errors. Stricter
 * than go, a require or exclude path that {@link ModuleVersion} rejects is an error.
 *
 * @param deprecated the text after {@code Deprecated:} in the module directive's comments
 * @param godebugs {@code godebug key=value} settings
 * @param tools package paths from {@code tool PATH} directives
 * @param ignores directory paths from {@code ignore DIR} directives
 */
public record ModFile(
    String module,
    Optional<String> deprecated,
    Optional<String> go,
    Optional<String> toolchain,
    List<Godebug> godebugs,
    List<Require> requires,
    List<Replace> replaces,
    List<Exclude> excludes,
    List<Retract> retracts,
    List<String> tools,
    List<String> ignores) {

  public ModFile {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(deprecated, "deprecated");
    Objects.requireNonNull(go, "go");
    Objects.requireNonNull(toolchain, "toolchain");
    godebugs = List.copyOf(godebugs);
    requires = List.copyOf(requires);
    replaces = List.copyOf(replaces);
    excludes = List.copyOf(excludes);
    retracts = List.copyOf(retracts);
    tools = List.copyOf(tools);
    ignores = List.copyOf(ignores);
  }

  /**
   * Reads and parses a go.mod file; errors name the file as given.
   *
   * @throws UsageException if the file is unreadable or not a valid go.mod
   */
  public static ModFile parse(Path file) throws UsageException {
    return parse(file.toString(), SyntaxReader.readFile(file));
  }

  /**
   * Parses go.mod content. Every error is reported, one per line, each as {@code
   * name:line[:column]: what}, in go's words.
   *
   * @throws UsageException if the content is not a valid go.mod
   */
  public static ModFile parse(String name, byte[] content) throws UsageException {
    return new ModFileReader(name).read(SyntaxReader.read(name, content));
  }

  /**
   * The replacement go would use for a module version: a replace naming this exact version wins
   * over one naming the path alone.
   */
  public Optional<Replace> replacementFor(ModuleVersion mv) {
    Optional<Replace> any = Optional.empty();
    for (Replace r : replaces) {
      if (r.oldPath().equals(mv.path())) {
        if (r.oldVersion().isEmpty()) {
          any = Optional.of(r);
        } else if (r.oldVersion().get().equals(mv.version())) {
          return Optional.of(r);
        }
      }
    }
    return any;
  }
}
