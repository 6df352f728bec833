package dev.adjoint.demos.tour;

import java.nio.file.Path;
import java.util.List;

/**
 * The tour: linear regression solved three ways ({@link LinearRegressionAct}), the sigmoid neuron's
 * derivative derived and checked ({@link NeuronAct}), and optimizers raced on the neuron ({@link
 * OptimizerRaceAct}).
 *
 * <p>Stateless; one tour writes to its own {@link TourContext}, which is not thread-safe.
 */
public final class Tour {
  private Tour() {}

  /** Runs the three acts and lists the files written; returns them. */
  public static List<Path> run(TourContext context) {
    long start = System.nanoTime();
    context.out().println("Adjoint: reverse-mode autodiff with symbolic gradients, in pure Java.");
    context
        .out()
        .println(
            "A tour in three acts: a loss you can solve, one you cannot, and how to minimise it.");
    LinearRegressionAct.run(context);
    NeuronAct.run(context);
    OptimizerRaceAct.run(context);
    context.out().println();
    context.out().printf("Done in %.1f s. Files written:%n", (System.nanoTime() - start) / 1e9);
    for (Path file : context.files()) {
      context.out().println("  " + file.toAbsolutePath().normalize());
    }
    context.out().println();
    context.out().println("Next: adjoint grad --help, adjoint minimize --help, adjoint demo mlp.");
    context.out().flush();
    return context.files();
  }
}
