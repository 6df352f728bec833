package dev.adjoint.demos.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adjoint tour}: the story of the project in three acts, with plots. */
@Command(
    name = "tour",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "The main demo: the story of Adjoint end to end, in under a minute.",
      "",
      "1. Linear regression: normal equations, gradient descent and one Newton step.",
      "2. A sigmoid neuron: Adjoint's derivative against the hand derivation.",
      "3. Six optimizers minimise the neuron's loss; a table and a loss plot."
    })
public final class TourCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "adjoint-out",
      description = "Folder for plots (default ${DEFAULT-VALUE}/).")
  Path out;

  @Override
  public Integer call() {
    throw new NotAvailableException(
        "the tour needs the optimizers, which are not in this build yet");
  }
}
