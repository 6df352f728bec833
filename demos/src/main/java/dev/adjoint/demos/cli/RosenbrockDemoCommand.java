package dev.adjoint.demos.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adjoint demo rosenbrock}: optimizer paths over Rosenbrock's contours. */
@Command(
    name = "rosenbrock",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Draw the paths of six optimizers over the contours of Rosenbrock's function.")
public final class RosenbrockDemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "adjoint-out",
      description = "Folder for the plot (default ${DEFAULT-VALUE}/).")
  Path out;

  @Override
  public Integer call() {
    throw new NotAvailableException(
        "demo rosenbrock needs the optimizers, which are not in this build yet");
  }
}
