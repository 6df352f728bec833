package dev.adjoint.bench;

import dev.adjoint.autodiff.eval.Program;
import java.util.Map;
import java.util.Optional;

/**
 * Adjoint's loss and gradient norm for a JMH benchmark's case, on that benchmark's own seeded data:
 * what {@link SideBySideTable} compares JAX's and PyTorch's results with, so that a side-by-side
 * row is known to time the same computation. The gradient norm is the Euclidean norm of all
 * gradients together (for the classifier: of W₁, b₁, W₂ and b₂).
 */
final class AdjointReference {
  private AdjointReference() {}

  /**
   * {@code [loss, gradient norm]} for a gradient benchmark, {@code [loss]} for a value alone, or
   * empty for a benchmark this class does not know.
   */
  static Optional<double[]> of(SideBySideTable.Timing timing) {
    return of(timing.benchmark(), timing.params());
  }

  static Optional<double[]> of(String benchmark, Map<String, String> params) {
    switch (benchmark) {
      case "NeuronBenchmark.adjoint" -> {
        Neuron neuron = Neuron.of(params.get("size"), 42);
        return Optional.of(run(neuron.workspace(neuron.valueAndGradientProgram()), 1));
      }
      case "NeuronValueBenchmark.adjoint" -> {
        Neuron neuron = Neuron.of(params.get("size"), 42);
        return Optional.of(run(neuron.workspace(neuron.valueProgram()), 0));
      }
      case "ClassifierBenchmark.adjoint" -> {
        Classifier classifier = new Classifier(11);
        return Optional.of(run(classifier.workspace(classifier.valueAndGradientProgram()), 4));
      }
      case "RosenbrockBenchmark.adjointValue", "RosenbrockBenchmark.adjointGradient" -> {
        Rosenbrock rosenbrock = new Rosenbrock(Integer.parseInt(params.get("n")), 5);
        boolean gradient = benchmark.endsWith("Gradient");
        Program program =
            gradient ? rosenbrock.valueAndGradientProgram() : rosenbrock.valueProgram();
        return Optional.of(
            run(program.newWorkspace().set(rosenbrock.point, rosenbrock.x, 0), gradient ? 1 : 0));
      }
      case "ScalarChainBenchmark.adjoint" -> {
        ScalarChain chain = new ScalarChain(Integer.parseInt(params.get("steps")));
        return Optional.of(run(chain.workspace(chain.valueAndGradientProgram()), 3));
      }
      case "AdvectionBenchmark.adjointValue", "AdvectionBenchmark.adjointGradient" -> {
        Advection advection =
            new Advection(
                Advection.Scheme.valueOf(params.get("scheme")),
                Integer.parseInt(params.get("steps")),
                3);
        boolean gradient = benchmark.endsWith("Gradient");
        Program program = gradient ? advection.valueAndGradientProgram() : advection.valueProgram();
        return Optional.of(
            run(program.newWorkspace().set(advection.initial, advection.q0, 0), gradient ? 1 : 0));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  /** Executes, and returns output 0 and, when there are gradients, the norm of outputs 1..g. */
  private static double[] run(Program.Workspace workspace, int gradients) {
    workspace.execute();
    double loss = workspace.scalar(0);
    if (gradients == 0) {
      return new double[] {loss};
    }
    double squares = 0;
    for (int i = 1; i <= gradients; i++) {
      for (double v : workspace.output(i).toArray()) {
        squares += v * v;
      }
    }
    return new double[] {loss, Math.sqrt(squares)};
  }
}
