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
 * Compiling the scalar chain's loss and raw gradients into a {@link Program} ({@code 9 · steps}
 * nodes, printed at setup): the README divides the time by the node count.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompileBenchmark {
  /** Links of the chain. */
  @Param({"1000"})
  public int steps;

  private ScalarChain chain;

  /** Builds the chain and its gradients. */
  @Setup
  public void setUp() {
    chain = new ScalarChain(steps);
    System.out.printf(
        "%ncompile, scalar chain of %d steps: %d nodes%n",
        steps, chain.valueAndGradientProgram().size());
  }

  /** One compilation. */
  @Benchmark
  public Program compile() {
    return chain.valueAndGradientProgram();
  }
}
