package dev.adjoint.bench;

import static dev.adjoint.bench.Agreement.assertAgrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.eval.Program;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MlpTest {
  private static final String[] NAMES = {"dL/dW1", "dL/db1", "dL/dW2", "dL/db2"};

  @ParameterizedTest
  @ValueSource(strings = {"8x16", "32x64"})
  void programValueAndGradientsEqualTheHandWrittenLoops(String size) {
    Mlp mlp = Mlp.of(size, 7);
    Program.Workspace ws = mlp.workspace(mlp.valueAndGradientProgram()).execute();
    double[][] expected = newGradients(mlp);
    double loss = mlp.baseline().valueAndGradient(mlp.parameterValues, mlp.x, mlp.y, expected);

    assertAgrees("L", ws.scalar(0), loss);
    for (int p = 0; p < 4; p++) {
      double[] actual = new double[expected[p].length];
      ws.copyOutput(p + 1, actual, 0);
      assertAgrees(NAMES[p], actual, expected[p]);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"3x4"})
  void handWrittenGradientsMatchCentralDifferences(String size) {
    Mlp mlp = Mlp.of(size, 7);
    MlpBaseline baseline = mlp.baseline();
    double[][] gradients = newGradients(mlp);
    baseline.valueAndGradient(mlp.parameterValues, mlp.x, mlp.y, gradients);
    double[][] scratch = newGradients(mlp);
    double[][] params = mlp.parameterValues;
    for (int p = 0; p < 4; p++) {
      for (int i = 0; i < params[p].length; i++) {
        double h = 1e-6;
        double original = params[p][i];
        params[p][i] = original + h;
        double up = baseline.valueAndGradient(params, mlp.x, mlp.y, scratch);
        params[p][i] = original - h;
        double down = baseline.valueAndGradient(params, mlp.x, mlp.y, scratch);
        params[p][i] = original;
        assertThat(gradients[p][i])
            .as("%s[%d]", NAMES[p], i)
            .isCloseTo((up - down) / (2 * h), within(1e-7));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"8x16"})
  void benchmarkMethodsRunOutsideJmh(String size) {
    MlpBenchmark benchmark = new MlpBenchmark();
    benchmark.size = size;
    benchmark.setUp();
    benchmark.adjoint(Agreement.blackhole());
    benchmark.baseline(Agreement.blackhole());
  }

  private static double[][] newGradients(Mlp mlp) {
    double[][] gradients = new double[4][];
    for (int p = 0; p < 4; p++) {
      gradients[p] = new double[mlp.parameterValues[p].length];
    }
    return gradients;
  }
}
