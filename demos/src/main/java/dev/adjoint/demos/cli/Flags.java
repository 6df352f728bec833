package dev.adjoint.demos.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** Reads the inherited global flags ({@code --no-progress}) from where the user put them. */
final class Flags {
  private Flags() {}

  /** Whether progress bars may be drawn for the command of {@code spec}. */
  static boolean progress(CommandSpec spec) {
    return !matched(spec, "--no-progress");
  }

  private static boolean matched(CommandSpec spec, String option) {
    for (CommandLine c = spec.commandLine(); c != null; c = c.getParent()) {
      ParseResult r = c.getParseResult();
      if (r != null && r.hasMatchedOption(option)) {
        return true;
      }
    }
    return false;
  }
}
