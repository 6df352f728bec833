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
 * The extended Rosenbrock function: value alone and value with gradient, each through a compiled
 * program and by a plain loop. {@code adjointGradient / adjointValue} is the gradient ÷ value
 * ratio.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RosenbrockBenchmark {
  /** The dimension {@code n}. */
  @Param({"1000", "10000", "100000", "1000000"})
  public int n;

  private Rosenbrock rosenbrock;
  private Program.Workspace value;
  private Program.Workspace valueAndGradient;
  private double[] gradient;

  /** Compiles both programs. */
  @Setup
  public void setUp() {
    rosenbrock = new Rosenbrock(n, 5);
    value = rosenbrock.valueProgram().newWorkspace();
    Program both = rosenbrock.valueAndGradientProgram();
    System.out.printf("%nrosenbrock n=%d, value and gradient: %d nodes%n", n, both.size());
    valueAndGradient = both.newWorkspace();
    gradient = new double[n];
  }

  /** {@code f(x)} through the compiled program. */
  @Benchmark
  public double adjointValue() {
    return value.set(rosenbrock.point, rosenbrock.x, 0).execute().scalar(0);
  }

  /** {@code f(x)} and {@code ∇f(x)} through the compiled program. */
  @Benchmark
  public void adjointGradient(Blackhole blackhole) {
    valueAndGradient.set(rosenbrock.point, rosenbrock.x, 0).execute();
    blackhole.consume(valueAndGradient.scalar(0));
    valueAndGradient.copyOutput(1, gradient, 0);
    blackhole.consume(gradient);
  }

  /** {@code f(x)} by a plain loop. */
  @Benchmark
  public double baselineValue() {
    return Rosenbrock.value(rosenbrock.x);
  }

  /** {@code f(x)} and {@code ∇f(x)} by a plain loop. */
  @Benchmark
  public void baselineGradient(Blackhole blackhole) {
    blackhole.consume(Rosenbrock.valueAndGradient(rosenbrock.x, gradient));
    blackhole.consume(gradient);
  }
}
