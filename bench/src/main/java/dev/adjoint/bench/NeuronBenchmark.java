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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The neuron's value and gradient {@code dL/dW}: a compiled {@link Program} (one workspace, set
 * {@code W}, execute, copy the gradient out) against {@link NeuronBaseline}'s loops. Their ratio is
 * the graph's overhead; at 1×3·3×1 it is nearly all overhead.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NeuronBenchmark {
  /** {@code m x k x n}: {@code W[m×k]}, {@code X[k×n]}. */
  @Param({"1x3x1", "4x8x16", "16x64x256", "1x64x64", "1x512x512"})
  public String size;

  private Neuron neuron;
  private Program.Workspace workspace;
  private NeuronBaseline baseline;
  private double[] gradient;

  /** Compiles the program and binds the data once. */
  @Setup
  public void setUp() {
    neuron = Neuron.of(size, 42);
    Program program = neuron.valueAndGradientProgram();
    System.out.printf(
        "%nneuron %s, value and gradient: %d nodes, %d buffers%n",
        size, program.size(), program.bufferCount());
    workspace = neuron.workspace(program);
    baseline = neuron.baseline();
    gradient = new double[neuron.w.length];
  }

  /** {@code L} and {@code dL/dW} through the compiled program. */
  @Benchmark
  public void adjoint(Blackhole blackhole) {
    workspace.set(neuron.weights, neuron.w, 0).execute();
    blackhole.consume(workspace.scalar(0));
    workspace.copyOutput(1, gradient, 0);
    blackhole.consume(gradient);
  }

  /** {@code L} and {@code dL/dW} by hand-written loops. */
  @Benchmark
  public void baseline(Blackhole blackhole) {
    blackhole.consume(baseline.valueAndGradient(neuron.w, neuron.x, neuron.y, gradient));
    blackhole.consume(gradient);
  }
}
