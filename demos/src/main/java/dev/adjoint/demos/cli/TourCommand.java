package dev.adjoint.demos.cli;

import dev.adjoint.demos.io.InputException;
import dev.adjoint.demos.io.OutputLocations;
import dev.adjoint.demos.tour.Tour;
import dev.adjoint.demos.tour.TourContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adjoint tour}: the story of the project in three acts, with plots.
 *
 * <p>Not thread-safe: picocli sets its options in place; one instance per command line.
 */
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

  @Option(
      names = "--max-iter",
      paramLabel = "N",
      defaultValue = "2000",
      description = "Iteration limit of each optimizer in act 3 (default ${DEFAULT-VALUE}).")
  int maxIterations;

  @Override
  public Integer call() {
    if (maxIterations < 1) {
      throw new InputException("--max-iter must be ≥ 1, got " + maxIterations);
    }
    OutputLocations.folder(out, "--out");
    PrintWriter writer = spec.commandLine().getOut();
    Tour.run(new TourContext(writer, out, Flags.progress(spec), maxIterations));
    return 0;
  }
}
