package dev.adjoint.bench;

import static dev.adjoint.bench.Agreement.assertAgrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.eval.Program;
import org.junit.jupiter.api.Test;

class ClassifierTest {
  private static final String[] NAMES = {"dL/dW1", "dL/db1", "dL/dW2", "dL/db2"};

  @Test
  void programValueAndGradientsEqualTheHandWrittenLoops() {
    Classifier classifier = new Classifier(11);
    Program.Workspace ws = classifier.workspace(classifier.valueAndGradientProgram()).execute();
    double[][] expected = new double[4][];
    for (int p = 0; p < 4; p++) {
      expected[p] = new double[classifier.parameterValues[p].length];
    }
    double loss =
        new ClassifierBaseline()
            .valueAndGradient(classifier.parameterValues, classifier.x, classifier.y, expected);
    assertAgrees("L", ws.scalar(0), loss);
    for (int p = 0; p < 4; p++) {
      double[] got = new double[expected[p].length];
      ws.copyOutput(p + 1, got, 0);
      assertAgrees(NAMES[p], got, expected[p]);
    }
  }

  @Test
  void handWrittenGradientMatchesCentralDifferencesAtSampledElements() {
    Classifier classifier = new Classifier(11);
    ClassifierBaseline baseline = new ClassifierBaseline();
    double[][] g = new double[4][];
    double[][] scratch = new double[4][];
    for (int p = 0; p < 4; p++) {
      g[p] = new double[classifier.parameterValues[p].length];
      scratch[p] = new double[g[p].length];
    }
    baseline.valueAndGradient(classifier.parameterValues, classifier.x, classifier.y, g);
    for (int p = 0; p < 4; p++) {
      double[] values = classifier.parameterValues[p];
      for (int i = 0; i < values.length; i += Math.max(1, values.length / 7)) {
        double saved = values[i];
        double h = 1e-6;
        values[i] = saved + h;
        double up =
            baseline.valueAndGradient(
                classifier.parameterValues, classifier.x, classifier.y, scratch);
        values[i] = saved - h;
        double down =
            baseline.valueAndGradient(
                classifier.parameterValues, classifier.x, classifier.y, scratch);
        values[i] = saved;
        assertThat(g[p][i])
            .as("%s[%s]", NAMES[p], i)
            .isCloseTo((up - down) / (2 * h), within(1e-7));
      }
    }
  }

  @Test
  void benchmarkMethodsRunOutsideJmh() {
    ClassifierBenchmark benchmark = new ClassifierBenchmark();
    benchmark.setUp();
    benchmark.adjoint(Agreement.blackhole());
    benchmark.baseline(Agreement.blackhole());
  }
}
