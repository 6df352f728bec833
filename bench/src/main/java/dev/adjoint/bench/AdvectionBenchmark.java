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
 * Hogan's advection benchmark ({@link Advection}, NX = 100, nt = 2000): the cost alone and with its
 * gradient, through compiled programs and by hand-written primal and adjoint loops. {@code
 * adjointGradient / adjointValue} is the gradient ÷ primal ratio Adept reports (2.55 for Toon, 23.7
 * for Lax–Wendroff, against its own primal).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AdvectionBenchmark {
  /** The scheme. */
  @Param({"TOON", "LAX_WENDROFF"})
  public String scheme;

  /** Time steps. */
  @Param({"2000"})
  public int steps;

  private Advection advection;
  private Program.Workspace value;
  private Program.Workspace valueAndGradient;
  private final double[] gradient = new double[Advection.NX];

  /** Builds and compiles both programs. */
  @Setup
  public void setUp() {
    advection = new Advection(Advection.Scheme.valueOf(scheme), steps, 3);
    value = advection.valueProgram().newWorkspace();
    Program both = advection.valueAndGradientProgram();
    System.out.printf(
        "%nadvection %s, nt=%d, cost and gradient: %d nodes, %d buffers%n",
        scheme, steps, both.size(), both.bufferCount());
    valueAndGradient = both.newWorkspace();
  }

  /** {@code J} through the compiled program. */
  @Benchmark
  public double adjointValue() {
    return value.set(advection.initial, advection.q0, 0).execute().scalar(0);
  }

  /** {@code J} and {@code dJ/dq₀} through the compiled program. */
  @Benchmark
  public void adjointGradient(Blackhole blackhole) {
    valueAndGradient.set(advection.initial, advection.q0, 0).execute();
    blackhole.consume(valueAndGradient.scalar(0));
    valueAndGradient.copyOutput(1, gradient, 0);
    blackhole.consume(gradient);
  }

  /** {@code J} by the primal loop. */
  @Benchmark
  public double baselineValue() {
    return advection.value(advection.q0);
  }

  /** {@code J} and {@code dJ/dq₀} by the primal loop and its hand-written adjoint. */
  @Benchmark
  public void baselineGradient(Blackhole blackhole) {
    blackhole.consume(advection.valueAndGradient(advection.q0, gradient));
    blackhole.consume(gradient);
  }
}
