package dev.adjoint.demos.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adjoint demo mlp}: a small MLP trained with minibatch Adam on two moons. */
@Command(
    name = "mlp",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Train a small MLP with minibatch Adam on two moons; plot its decision boundary.")
public final class MlpDemoCommand implements Callable<Integer> {

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
        "demo mlp needs the optimizers, which are not in this build yet");
  }
}
