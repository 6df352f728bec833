package dev.adjoint.bench;

import static dev.adjoint.bench.Agreement.assertAgrees;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OneTimeCostTest {

  @Test
  void theFirstGradientIsTheNeuronsGradient() {
    Neuron neuron = Neuron.of("4x8x16", 42);
    double[] expected = new double[neuron.w.length];
    neuron.baseline().valueAndGradient(neuron.w, neuron.x, neuron.y, expected);
    assertAgrees("dL/dW[0]", new OneTimeCostBenchmark().firstGradient(), expected[0]);
  }

  @Test
  void compileBenchmarkCompilesTheChain() {
    CompileBenchmark benchmark = new CompileBenchmark();
    benchmark.steps = 10;
    benchmark.setUp();
    assertThat(benchmark.compile().size())
        .isEqualTo(new ScalarChain(10).valueAndGradientProgram().size());
  }
}
