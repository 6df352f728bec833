package dev.adjoint.bench;

import static dev.adjoint.bench.Agreement.assertAgrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.eval.Program;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RosenbrockTest {

  @ParameterizedTest
  @ValueSource(ints = {2, 10, 1000, 100000})
  void programValueAndGradientEqualTheHandWrittenLoops(int n) {
    Rosenbrock rosenbrock = new Rosenbrock(n, 5);
    Program.Workspace both =
        rosenbrock.valueAndGradientProgram().newWorkspace().set(rosenbrock.point, rosenbrock.x, 0);
    both.execute();
    double[] expected = new double[n];
    double value = Rosenbrock.valueAndGradient(rosenbrock.x, expected);
    double[] got = new double[n];
    both.copyOutput(1, got, 0);
    assertAgrees("f", both.scalar(0), value);
    assertAgrees("grad f", got, expected);
    double alone =
        rosenbrock
            .valueProgram()
            .newWorkspace()
            .set(rosenbrock.point, rosenbrock.x, 0)
            .execute()
            .scalar(0);
    assertAgrees("f alone", alone, Rosenbrock.value(rosenbrock.x));
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 10})
  void handWrittenGradientMatchesCentralDifferences(int n) {
    double[] x = new Rosenbrock(n, 5).x;
    double[] g = new double[n];
    Rosenbrock.valueAndGradient(x, g);
    for (int i = 0; i < n; i++) {
      double saved = x[i];
      double h = 1e-6;
      x[i] = saved + h;
      double up = Rosenbrock.value(x);
      x[i] = saved - h;
      double down = Rosenbrock.value(x);
      x[i] = saved;
      assertThat(g[i]).isCloseTo((up - down) / (2 * h), within(1e-5 * Math.max(1, Math.abs(g[i]))));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1000})
  void benchmarkMethodsRunOutsideJmh(int n) {
    RosenbrockBenchmark benchmark = new RosenbrockBenchmark();
    benchmark.n = n;
    benchmark.setUp();
    assertAgrees("f", benchmark.adjointValue(), benchmark.baselineValue());
    benchmark.adjointGradient(Agreement.blackhole());
    benchmark.baselineGradient(Agreement.blackhole());
  }
}
