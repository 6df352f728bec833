package dev.adjoint.bench;

import static dev.adjoint.bench.Agreement.assertAgrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.eval.Program;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NeuronTest {

  @ParameterizedTest
  @ValueSource(strings = {"1x3x1", "4x8x16", "16x64x256", "1x64x64", "1x512x512"})
  void programValueAndGradientEqualTheHandWrittenLoops(String size) {
    Neuron neuron = Neuron.of(size, 42);
    Program.Workspace ws = neuron.workspace(neuron.valueAndGradientProgram()).execute();
    double[] expectedGradient = new double[neuron.w.length];
    double expected =
        neuron.baseline().valueAndGradient(neuron.w, neuron.x, neuron.y, expectedGradient);

    double[] gradient = new double[neuron.w.length];
    ws.copyOutput(1, gradient, 0);
    assertAgrees("L", ws.scalar(0), expected);
    assertAgrees("dL/dW", gradient, expectedGradient);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1x3x1", "4x8x16", "16x64x256", "1x512x512"})
  void programValueEqualsTheHandWrittenLoops(String size) {
    Neuron neuron = Neuron.of(size, 42);
    double value = neuron.workspace(neuron.valueProgram()).execute().scalar(0);
    assertAgrees("L", value, neuron.baseline().value(neuron.w, neuron.x, neuron.y));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1x3x1", "4x8x16"})
  void handWrittenGradientMatchesCentralDifferences(String size) {
    Neuron neuron = Neuron.of(size, 42);
    NeuronBaseline baseline = neuron.baseline();
    double[] gradient = new double[neuron.w.length];
    baseline.valueAndGradient(neuron.w, neuron.x, neuron.y, gradient);
    double[] w = neuron.w.clone();
    for (int i = 0; i < w.length; i++) {
      double h = 1e-6;
      w[i] = neuron.w[i] + h;
      double up = baseline.value(w, neuron.x, neuron.y);
      w[i] = neuron.w[i] - h;
      double down = baseline.value(w, neuron.x, neuron.y);
      w[i] = neuron.w[i];
      assertThat(gradient[i]).isCloseTo((up - down) / (2 * h), within(1e-6));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"1x3x1", "4x8x16"})
  void benchmarkMethodsRunOutsideJmh(String size) {
    NeuronBenchmark gradient = new NeuronBenchmark();
    gradient.size = size;
    gradient.setUp();
    gradient.adjoint(Agreement.blackhole());
    gradient.baseline(Agreement.blackhole());
    NeuronValueBenchmark value = new NeuronValueBenchmark();
    value.size = size;
    value.setUp();
    assertAgrees("L", value.adjoint(), value.baseline());
  }
}
