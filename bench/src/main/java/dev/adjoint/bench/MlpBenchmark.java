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
 * A two-layer perceptron's loss and its four gradients on a batch of 64: the program (set the
 * parameters, execute, copy the gradients out) against {@link MlpBaseline}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MlpBenchmark {
  /** {@code in x hidden}. */
  @Param({"8x16", "32x64"})
  public String size;

  private Mlp mlp;
  private Program.Workspace workspace;
  private MlpBaseline baseline;
  private double[][] gradients;

  /** Compiles the program and binds the data once. */
  @Setup
  public void setUp() {
    mlp = Mlp.of(size, 7);
    Program program = mlp.valueAndGradientProgram();
    System.out.printf(
        "%nmlp %s, value and gradients: %d nodes, %d buffers%n",
        size, program.size(), program.bufferCount());
    workspace = mlp.workspace(program);
    baseline = mlp.baseline();
    gradients = new double[4][];
    for (int p = 0; p < 4; p++) {
      gradients[p] = new double[mlp.parameterValues[p].length];
    }
  }

  /** {@code L} and its gradients through the compiled program. */
  @Benchmark
  public void adjoint(Blackhole blackhole) {
    mlp.setParameters(workspace);
    workspace.execute();
    blackhole.consume(workspace.scalar(0));
    for (int p = 0; p < 4; p++) {
      workspace.copyOutput(p + 1, gradients[p], 0);
    }
    blackhole.consume(gradients);
  }

  /** {@code L} and its gradients by hand-written loops. */
  @Benchmark
  public void baseline(Blackhole blackhole) {
    blackhole.consume(baseline.valueAndGradient(mlp.parameterValues, mlp.x, mlp.y, gradients));
    blackhole.consume(gradients);
  }
}
