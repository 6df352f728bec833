package dev.adjoint.demos.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command accepts: {@code --debug} and {@code --no-progress}.
 *
 * <p>Not thread-safe: picocli sets its options in place; one instance per command line.
 */
public final class GlobalOptions {

  /** Show stack traces for errors. */
  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Show the stack trace of an error.")
  boolean debug;

  /** Never draw progress bars. */
  @Option(
      names = "--no-progress",
      scope = ScopeType.INHERIT,
      description = "Never draw progress bars (they are drawn only on a terminal anyway).")
  boolean noProgress;
}
