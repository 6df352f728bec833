package dev.adjoint.bench;

import static dev.adjoint.bench.Agreement.assertAgrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.eval.Program;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScalarChainTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 1000})
  void programValueAndGradientEqualTheHandWrittenLoops(int steps) {
    ScalarChain chain = new ScalarChain(steps);
    Program.Workspace ws = chain.workspace(chain.valueAndGradientProgram()).execute();
    double[] expectedGradient = new double[3];
    double expected =
        new ScalarChainBaseline(steps).valueAndGradient(chain.values, expectedGradient);

    assertAgrees("L", ws.scalar(0), expected);
    assertAgrees(
        "[dL/dx0, dL/da, dL/db]",
        new double[] {ws.scalar(1), ws.scalar(2), ws.scalar(3)},
        expectedGradient);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5})
  void handWrittenGradientMatchesCentralDifferences(int steps) {
    ScalarChainBaseline baseline = new ScalarChainBaseline(steps);
    double[] v = {0.3, 0.9, 0.1};
    double[] gradient = new double[3];
    baseline.valueAndGradient(v, gradient);
    double[] scratch = new double[3];
    for (int i = 0; i < 3; i++) {
      double h = 1e-6;
      double[] up = v.clone();
      up[i] += h;
      double[] down = v.clone();
      down[i] -= h;
      double difference =
          (baseline.valueAndGradient(up, scratch) - baseline.valueAndGradient(down, scratch))
              / (2 * h);
      assertThat(gradient[i]).isCloseTo(difference, within(1e-8));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1000})
  void benchmarkMethodsRunOutsideJmh(int steps) {
    ScalarChainBenchmark benchmark = new ScalarChainBenchmark();
    benchmark.steps = steps;
    benchmark.setUp();
    benchmark.adjoint(Agreement.blackhole());
    benchmark.baseline(Agreement.blackhole());
  }
}
