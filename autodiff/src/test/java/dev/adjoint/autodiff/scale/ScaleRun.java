package dev.adjoint.autodiff.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.ScalarChainFixture;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.eval.Program;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** The stages every size test runs on the scalar chain, each timed and printed. */
final class ScaleRun {
  private ScaleRun() {}

  /** Runs {@code stage}, prints its time and the heap in use, and returns its result. */
  static <T> T timed(String stage, Supplier<T> work) {
    long start = System.nanoTime();
    T result = work.get();
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "%-40s %8.2f s   heap in use %,6d MB of %,d MB%n",
        stage,
        (System.nanoTime() - start) / 1e9,
        (rt.totalMemory() - rt.freeMemory()) >> 20,
        rt.maxMemory() >> 20);
    return result;
  }

  /**
   * The chain of {@code forwardNodes / 3} steps: built, differentiated raw, compiled, evaluated.
   */
  static ScalarChainFixture buildDifferentiateCompileEvaluate(int forwardNodes) {
    int steps = forwardNodes / 3;
    ScalarChainFixture chain =
        timed(
            "build " + forwardNodes + " nodes and differentiate raw",
            () -> ScalarChainFixture.build("s", steps));
    assertThat(Graph.size(chain.loss())).isEqualTo(3 * steps + 3);
    Program program = timed("compile", () -> Program.compile(chain.outputs()));
    System.out.printf(
        Locale.ROOT, "program of %,d nodes, %,d buffers%n", program.size(), program.bufferCount());
    List<Tensor> values = timed("evaluate", () -> program.run(chain.bindings()));
    double[] expected = ScalarChainFixture.reference(steps);
    assertThat(values.get(0).item()).as("L, bit for bit").isEqualTo(expected[0]);
    for (int i = 1; i < 4; i++) {
      double e = expected[i];
      assertThat(Math.abs(values.get(i).item() - e))
          .as("gradient %s: %s against %s", i, values.get(i).item(), e)
          .isLessThanOrEqualTo(1e-9 * Math.abs(e) + 1e-300);
    }
    return chain;
  }
}
