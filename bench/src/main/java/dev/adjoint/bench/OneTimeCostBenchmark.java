package dev.adjoint.bench;

import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.eval.Program;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What a user pays once: the first gradient in a fresh JVM (build the neuron, differentiate,
 * compile, evaluate once: class loading and cold code included). Run it as single shots, one per
 * fork: {@code -bm ss -wi 0 -i 1 -f 5 OneTimeCost}. Compilation per node is {@link
 * CompileBenchmark}; simplification per node, {@link SimplifyBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OneTimeCostBenchmark {

  /** The neuron 4×8·8×16: its loss and {@code dL/dW}, from nothing to numbers. */
  @Benchmark
  public double firstGradient() {
    Neuron neuron = Neuron.of("4x8x16", 42);
    Program program =
        Program.compile(neuron.loss, Gradients.of(neuron.loss, neuron.weights).of(neuron.weights));
    Tensor gradient = neuron.workspace(program).execute().output(1);
    return gradient.toArray()[0];
  }
}
