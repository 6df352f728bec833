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
 * Value and gradient of {@link ScalarChain}: the program against {@link ScalarChainBaseline}. The
 * README divides each time by the chain's ops ({@code 3 · steps}) to give nanoseconds per op, and
 * the program's node count ({@code Program.size()}, printed at setup) is about three times that.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScalarChainBenchmark {
  /**
   * Links {@code x = sin(x)·a + b} in the chain: 3 ops each, so 334 and 33,334 links are the
   * issue's chains of 10³ and 10⁵ ops (ns per op = time / (3 · steps), loss and gradient included).
   */
  @Param({"334", "33334"})
  public int steps;

  private ScalarChain chain;
  private Program.Workspace workspace;
  private ScalarChainBaseline baseline;
  private final double[] gradient = new double[3];

  /** Builds the chain, compiles it and binds the values once. */
  @Setup
  public void setUp() {
    chain = new ScalarChain(steps);
    Program program = chain.valueAndGradientProgram();
    System.out.printf(
        "%nscalar chain of %d steps: %d nodes, %d buffers%n",
        steps, program.size(), program.bufferCount());
    workspace = chain.workspace(program);
    baseline = new ScalarChainBaseline(steps);
  }

  /** {@code L} and its three partial derivatives through the compiled program. */
  @Benchmark
  public void adjoint(Blackhole blackhole) {
    workspace.set(chain.start, chain.values, 0).execute();
    blackhole.consume(workspace.scalar(0));
    for (int i = 0; i < 3; i++) {
      gradient[i] = workspace.scalar(i + 1);
    }
    blackhole.consume(gradient);
  }

  /** {@code L} and its three partial derivatives by hand-written loops. */
  @Benchmark
  public void baseline(Blackhole blackhole) {
    blackhole.consume(baseline.valueAndGradient(chain.values, gradient));
    blackhole.consume(gradient);
  }
}
