package dev.adjoint.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Adjoint's reference loss and gradient norm against the hand-written loops on the same data. */
class AdjointReferenceTest {

  private static double norm(double[] g) {
    double s = 0;
    for (double v : g) {
      s += v * v;
    }
    return Math.sqrt(s);
  }

  @Test
  void neuronLossAndGradientNormAreTheHandWrittenOnes() {
    Neuron neuron = Neuron.of("4x8x16", 42);
    double[] dw = new double[neuron.w.length];
    double loss = neuron.baseline().valueAndGradient(neuron.w, neuron.x, neuron.y, dw);
    double[] reference =
        AdjointReference.of("NeuronBenchmark.adjoint", Map.of("size", "4x8x16")).orElseThrow();
    assertThat(reference).hasSize(2);
    assertThat(reference[0]).isCloseTo(loss, within(1e-12 * Math.abs(loss)));
    assertThat(reference[1]).isCloseTo(norm(dw), within(1e-12 * norm(dw)));
    double[] value =
        AdjointReference.of("NeuronValueBenchmark.adjoint", Map.of("size", "4x8x16")).orElseThrow();
    assertThat(value).containsExactly(reference[0]);
  }

  @Test
  void rosenbrockLossAndGradientNormAreThePlainLoops() {
    Rosenbrock rosenbrock = new Rosenbrock(10, 5);
    double[] g = new double[10];
    double loss = Rosenbrock.valueAndGradient(rosenbrock.x, g);
    double[] reference =
        AdjointReference.of("RosenbrockBenchmark.adjointGradient", Map.of("n", "10")).orElseThrow();
    assertThat(reference[0]).isCloseTo(loss, within(1e-12 * loss));
    assertThat(reference[1]).isCloseTo(norm(g), within(1e-12 * norm(g)));
  }

  @Test
  void anUnknownBenchmarkHasNoReference() {
    assertThat(AdjointReference.of("MatMulBenchmark.adjoint", Map.of())).isEmpty();
  }
}
