package dev.adjoint.bench;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.simplify.Simplifier;
import java.util.List;
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
 * Simplifying the gradients of {@link ScalarChain} (backprop's graph, 6 nodes per link on top of
 * the loss's 3): with the standard rules, and with the loss's nodes kept as they are ({@code
 * Simplifier.apply(gradients, loss)}), as a program computing loss and gradients together wants
 * them. The README divides the time by the raw graph's node count to give nanoseconds per node.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SimplifyBenchmark {
  /** Links {@code x = sin(x)·a + b} in the chain. */
  @Param({"1000", "100000"})
  public int steps;

  private ScalarChain chain;
  private List<Expr> gradients;

  /** Builds the chain and its raw gradients once. */
  @Setup
  public void setUp() {
    chain = new ScalarChain(steps);
    Gradients g = chain.gradients;
    gradients = List.of(g.of(chain.start), g.of(chain.a), g.of(chain.b));
  }

  /** The gradients simplified alone: the loss's nodes are canonicalized too (12 nodes per link). */
  @Benchmark
  public List<Expr> standard() {
    return Simplifier.standard().apply(gradients);
  }

  /** The gradients simplified around the loss as written (9 nodes per link with the loss). */
  @Benchmark
  public List<Expr> keepingTheLoss() {
    return Simplifier.standard().apply(gradients, chain.loss);
  }
}
