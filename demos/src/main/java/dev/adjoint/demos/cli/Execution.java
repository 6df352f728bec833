package dev.adjoint.demos.cli;

import dev.adjoint.demos.io.Excerpt;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How a parsed command line runs: first the checks that picocli does not make (a name assigned
 * twice, as in {@code --at x=1 --at x=5}, which a map would silently resolve to the last), then the
 * command; a {@link VirtualMachineError} (out of memory, stack exhausted) becomes one line and exit
 * status {@value ErrorReporter#EXIT_RESOURCES} instead of a stack trace.
 */
public final class Execution implements IExecutionStrategy {
  private final IExecutionStrategy delegate = new CommandLine.RunLast();

  @Override
  public int execute(ParseResult parseResult) {
    for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
      checkNoNameTwice(r);
    }
    try {
      return delegate.execute(parseResult);
    } catch (OutOfMemoryError | StackOverflowError e) {
      return reportResources(e, parseResult);
    }
  }

  /**
   * Rejects a {@code NAME=VALUE} option that names the same variable twice.
   *
   * @throws ParameterException naming the option and the variable
   */
  static void checkNoNameTwice(ParseResult result) {
    for (OptionSpec option : result.matchedOptions()) {
      if (!option.typeInfo().isMap()) {
        continue;
      }
      Set<String> seen = new HashSet<>();
      for (String assignment : option.originalStringValues()) {
        int eq = assignment.indexOf('=');
        String name = (eq < 0 ? assignment : assignment.substring(0, eq)).strip();
        if (!seen.add(name)) {
          throw new ParameterException(
              result.commandSpec().commandLine(),
              option.longestName()
                  + " gives "
                  + Excerpt.of(name, 30)
                  + " twice; give each name once");
        }
      }
    }
  }

  private static int reportResources(VirtualMachineError e, ParseResult parseResult) {
    CommandLine cmd = parseResult.commandSpec().commandLine();
    ParseResult last = parseResult;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    cmd = last.commandSpec().commandLine();
    PrintWriter err = cmd.getErr();
    cmd.getOut().flush();
    String name = cmd.getCommandSpec().qualifiedName();
    String message =
        e instanceof OutOfMemoryError
            ? "out of memory (Java heap of "
                + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB); use smaller inputs, or give Java more memory: java -Xmx8g -jar adjoint.jar"
            : "out of stack: the input is nested too deeply for this thread's stack; give Java more"
                + " with java -Xss64m -jar adjoint.jar, or nest less";
    err.println(name + ": " + message);
    err.flush();
    return ErrorReporter.EXIT_RESOURCES;
  }
}
