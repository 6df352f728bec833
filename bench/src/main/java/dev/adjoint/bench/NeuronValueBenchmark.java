package dev.adjoint.bench;

import dev.adjoint.autodiff.eval.Program;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The neuron's value alone, program against loops: divided into {@link NeuronBenchmark}'s times it
 * gives the gradient/function cost ratio (reverse mode promises a small constant).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NeuronValueBenchmark {
  /** {@code m x k x n}: {@code W[m×k]}, {@code X[k×n]}. */
  @Param({"1x3x1", "4x8x16", "16x64x256", "1x64x64", "1x512x512"})
  public String size;

  private Neuron neuron;
  private Program.Workspace workspace;
  private NeuronBaseline baseline;

  /** Compiles the program and binds the data once. */
  @Setup
  public void setUp() {
    neuron = Neuron.of(size, 42);
    Program program = neuron.valueProgram();
    System.out.printf(
        "%nneuron %s, value: %d nodes, %d buffers%n", size, program.size(), program.bufferCount());
    workspace = neuron.workspace(program);
    baseline = neuron.baseline();
  }

  /** {@code L} through the compiled program. */
  @Benchmark
  public double adjoint() {
    return workspace.set(neuron.weights, neuron.w, 0).execute().scalar(0);
  }

  /** {@code L} by hand-written loops. */
  @Benchmark
  public double baseline() {
    return baseline.value(neuron.w, neuron.x, neuron.y);
  }
}
