package dev.adjoint.demos;

import dev.adjoint.demos.cli.CheckCommand;
import dev.adjoint.demos.cli.DemoCommand;
import dev.adjoint.demos.cli.ErrorReporter;
import dev.adjoint.demos.cli.Execution;
import dev.adjoint.demos.cli.ExpressionArguments;
import dev.adjoint.demos.cli.GlobalOptions;
import dev.adjoint.demos.cli.GradCommand;
import dev.adjoint.demos.cli.MinimizeCommand;
import dev.adjoint.demos.cli.TourCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code adjoint} command line: {@code java -jar demos/target/adjoint.jar COMMAND ...}.
 *
 * <p>Exit status: 0 success, 1 a check found a mismatch, 2 bad input (usage, parse, binding, shape,
 * JSON, sizes over the limits), 3 a check was inconclusive, 4 a minimisation stopped without
 * converging, 69 a feature that is not available in this build, 70 an internal error, 71 out of
 * memory or stack. {@code docs/cli.md} lists them all.
 *
 * <p>Not thread-safe: picocli sets its options in place; one instance per command line.
 */
@Command(
    name = "adjoint",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Reverse-mode automatic differentiation with symbolic gradients, and optimizers.",
      "",
      "Start with: adjoint tour"
    },
    footer = {
      "",
      "Values are JSON numbers or nested arrays (W=[[0.1,0.2,0.3]]), or @file.json.",
      "An EXPR of - is read from standard input (for expressions too long for a command line).",
      "Exit status: 0 ok, 1 a check failed, 2 bad input, 3 a check was inconclusive,",
      "4 minimize did not converge, 69 not available, 70 internal error,",
      "71 out of memory or stack (see docs/cli.md)."
    },
    subcommands = {
      TourCommand.class,
      GradCommand.class,
      CheckCommand.class,
      MinimizeCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: error handling, exit codes, case-insensitive enums. */
  public static CommandLine commandLine() {
    CommandLine cli =
        new CommandLine(new Main()) {
          @Override
          public int execute(String... args) {
            return super.execute(ExpressionArguments.expressionFirst(this, args));
          }
        };
    ErrorReporter reporter = new ErrorReporter();
    cli.setExecutionExceptionHandler(reporter);
    cli.setParameterExceptionHandler(reporter);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUnmatchedOptionsAllowedAsOptionParameters(false);
    // "@file" arguments are ours to read (NAME=@file.json, with a size limit); picocli's own
    // expansion would read any file and echo its lines in the error for unmatched arguments.
    cli.setExpandAtFiles(false);
    cli.setExecutionStrategy(new Execution());
    // An expression may begin with '-' ('-sum(t * log(softmax(z)))'): see ExpressionArguments.
    for (String command : ExpressionArguments.COMMANDS) {
      cli.getSubcommands().get(command).setUnmatchedOptionsArePositionalParams(true);
    }
    return cli;
  }

  /** With no command: the usage help, and status 2 since a command was expected. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ErrorReporter.EXIT_USAGE;
  }

  /** The version from the jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "adjoint " + (version == null ? "(development build)" : version),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")"
      };
    }
  }
}
