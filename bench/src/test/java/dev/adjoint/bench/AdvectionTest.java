package dev.adjoint.bench;

import static dev.adjoint.bench.Agreement.assertAgrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.eval.Program;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdvectionTest {

  @ParameterizedTest
  @CsvSource({"TOON, 1", "LAX_WENDROFF, 1", "LAX_WENDROFF, 50", "LAX_WENDROFF, 2000"})
  void programValueAndGradientEqualTheHandWrittenLoops(Advection.Scheme scheme, int steps) {
    Advection advection = new Advection(scheme, steps, 3);
    Program.Workspace ws =
        advection.valueAndGradientProgram().newWorkspace().set(advection.initial, advection.q0, 0);
    ws.execute();
    double[] expected = new double[Advection.NX];
    double value = advection.valueAndGradient(advection.q0, expected);
    double[] got = new double[Advection.NX];
    ws.copyOutput(1, got, 0);
    assertAgrees("J", ws.scalar(0), value);
    assertAgrees("dJ/dq0", got, expected);
    assertAgrees("J by the primal loop", advection.value(advection.q0), value);
    double alone =
        advection
            .valueProgram()
            .newWorkspace()
            .set(advection.initial, advection.q0, 0)
            .execute()
            .scalar(0);
    assertAgrees("J alone", alone, value);
  }

  /**
   * Toon's flux {@code (r − 1)·ab/(a − b)} is 0/0-like where neighbouring values are close, so its
   * derivatives cancel: over 2000 steps the field's peak passes between cells, and two correct
   * computations of {@code dJ/dq₀} in different orders drift apart to about 1e-8 relative (measured
   * here: 2e-12 after 10 steps, 4e-8 after 2000). The value agrees to 1e-12; the gradient is
   * compared at 1e-6, and to 1e-12 after one step above. This is the scheme's conditioning (Adept
   * guards it with an upwind fallback), not the engine's: Lax–Wendroff, which is linear, agrees to
   * 1e-12 at 2000 steps.
   */
  @ParameterizedTest
  @CsvSource({"10", "50", "2000"})
  void toonOverManyStepsAgreesAsFarAsItsConditioningAllows(int steps) {
    Advection advection = new Advection(Advection.Scheme.TOON, steps, 3);
    Program.Workspace ws =
        advection.valueAndGradientProgram().newWorkspace().set(advection.initial, advection.q0, 0);
    ws.execute();
    double[] expected = new double[Advection.NX];
    double value = advection.valueAndGradient(advection.q0, expected);
    double[] got = new double[Advection.NX];
    ws.copyOutput(1, got, 0);
    assertAgrees("J", ws.scalar(0), value);
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < got.length; i++) {
      assertThat(got[i]).as("dJ/dq0[%s]", i).isCloseTo(expected[i], within(1e-6 * scale));
    }
  }

  @ParameterizedTest
  @CsvSource({"TOON, 20", "LAX_WENDROFF, 20"})
  void handWrittenAdjointMatchesCentralDifferences(Advection.Scheme scheme, int steps) {
    Advection advection = new Advection(scheme, steps, 3);
    double[] g = new double[Advection.NX];
    advection.valueAndGradient(advection.q0, g);
    double[] q = advection.q0.clone();
    for (int i = 0; i < Advection.NX; i++) {
      // A larger step than usual: Toon's primal carries rounding noise of about 1e-12 where
      // neighbouring values are close, which a step of 1e-6 would turn into 1e-6 of error.
      double h = 1e-4;
      q[i] = advection.q0[i] + h;
      double up = advection.value(q);
      q[i] = advection.q0[i] - h;
      double down = advection.value(q);
      q[i] = advection.q0[i];
      assertThat(g[i]).as("dJ/dq0[%s]", i).isCloseTo((up - down) / (2 * h), within(1e-6));
    }
  }

  @ParameterizedTest
  @CsvSource({"TOON", "LAX_WENDROFF"})
  void benchmarkMethodsRunOutsideJmh(String scheme) {
    AdvectionBenchmark benchmark = new AdvectionBenchmark();
    benchmark.scheme = scheme;
    benchmark.steps = 50;
    benchmark.setUp();
    assertAgrees("J", benchmark.adjointValue(), benchmark.baselineValue());
    benchmark.adjointGradient(Agreement.blackhole());
    benchmark.baselineGradient(Agreement.blackhole());
  }
}
