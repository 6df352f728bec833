package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.optim.firstorder.Adam;
import dev.adjoint.optim.firstorder.FirstOrderMethod;
import dev.adjoint.optim.firstorder.Sgd;
import dev.adjoint.optim.linesearch.Backtracking;
import dev.adjoint.optim.linesearch.StrongWolfe;
import dev.adjoint.optim.method.GradientDescent;
import dev.adjoint.optim.method.Lbfgs;
import dev.adjoint.optim.method.Newton;
import dev.adjoint.optim.method.NewtonCg;
import dev.adjoint.optim.method.NonlinearConjugateGradient;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs that go wrong (overflowing slopes, objectives unbounded below, step sizes that blow up,
 * failed line searches) end with a status and the best point evaluated; no exception escapes.
 */
class FailurePathsTest {

  /** f = 10³⁰⁰x²: ∇fᵀ∇f overflows at x = 1 although f and ∇f are finite. */
  static JavaObjective hugeParabola() {
    return JavaObjective.of(
            1,
            (x, g) -> {
              g[0] = 2e300 * x[0];
              return 1e300 * x[0] * x[0];
            })
        .withHessian((x, h) -> h[0] = 2e300);
  }

  /** f = x: unbounded below, H = 0. */
  static JavaObjective line() {
    return JavaObjective.of(
            1,
            (x, g) -> {
              g[0] = 1;
              return x[0];
            })
        .withHessian((x, h) -> h[0] = 0);
  }

  /** f = log(x), NaN for x < 0: unbounded below towards 0, concave. */
  static JavaObjective logarithm() {
    return JavaObjective.of(
            1,
            (x, g) -> {
              g[0] = 1 / x[0];
              return Math.log(x[0]);
            })
        .withHessian((x, h) -> h[0] = -1 / (x[0] * x[0]));
  }

  /** f = x² − log(x), minimum at x = 1/√2. */
  static JavaObjective barrier() {
    return JavaObjective.of(
        1,
        (x, g) -> {
          g[0] = 2 * x[0] - 1 / x[0];
          return x[0] * x[0] - Math.log(x[0]);
        });
  }

  static Stream<Arguments> everyMethod() {
    return Stream.of(
        Arguments.of("sgd", FirstOrderMethod.of(Sgd.plain(), 1e-3)),
        Arguments.of("momentum", FirstOrderMethod.of(Sgd.momentum(0.9), 1e-3)),
        Arguments.of("adam", FirstOrderMethod.of(Adam.withDefaults(), 1e-3)),
        Arguments.of("gd-armijo", GradientDescent.with(Backtracking.withDefaults())),
        Arguments.of("gd-wolfe", GradientDescent.with(StrongWolfe.withDefaults())),
        Arguments.of("cg", NonlinearConjugateGradient.withDefaults()),
        Arguments.of("lbfgs", Lbfgs.withDefaults()),
        Arguments.of("newton", Newton.withDefaults()),
        Arguments.of("newton-cg", NewtonCg.withDefaults()));
  }

  /** A copy of {@code objective} that remembers the lowest finite f with a finite gradient. */
  static final class Lowest {
    double value = Double.POSITIVE_INFINITY;

    JavaObjective watch(JavaObjective objective) {
      JavaObjective watched =
          JavaObjective.of(
              objective.dimension(),
              (x, g) -> {
                double f = objective.valueAndGradient(x, g);
                if (Double.isFinite(f) && Double.isFinite(g[0]) && f < value) {
                  value = f;
                }
                return f;
              });
      return watched.withHessian(objective::hessian);
    }
  }

  @ParameterizedTest(name = "{0} on 1e300·x²")
  @MethodSource("everyMethod")
  void anOverflowingSlopeIsAStatusNotAnException(String name, Minimizer method) {
    OptimizationResult r =
        method.minimize(hugeParabola(), new double[] {1}, StoppingRule.maxIterations(50));

    assertThat(r.point()[0]).as(r.message()).isFinite();
    assertThat(r.value()).as(r.message()).isFinite().isLessThanOrEqualTo(1e300);
  }

  @ParameterizedTest(name = "{0} on 1e300·x²")
  @MethodSource("everyMethod")
  void lineSearchMethodsScaleTheDirectionAndStillSolveIt(String name, Minimizer method) {
    if (method instanceof FirstOrderMethod) {
      return; // η = 1e-3 against a curvature of 2e300 blows up by design; covered above
    }
    OptimizationResult r = method.minimize(hugeParabola(), new double[] {1});

    assertThat(r.status().isConverged()).as(r.message()).isTrue();
    assertThat(Math.abs(r.point()[0])).as(r.message()).isLessThan(1e-150);
  }

  @ParameterizedTest(name = "{0} on x from 1")
  @MethodSource("everyMethod")
  void unboundedBelowIsNeverConvergedAndReturnsTheBestPoint(String name, Minimizer method) {
    Lowest lowest = new Lowest();
    OptimizationResult r =
        method.minimize(lowest.watch(line()), new double[] {1}, StoppingRule.maxIterations(1000));

    assertThat(r.status().isConverged()).as(r.message()).isFalse();
    assertThat(r.value()).as(r.message()).isEqualTo(lowest.value).isLessThan(1);
    assertThat(r.point()[0]).isEqualTo(r.value());
  }

  @Test
  void newtonOnALineDivergesInsteadOfRunningOutOfIterations() {
    OptimizationResult r = Newton.withDefaults().minimize(line(), new double[] {1});

    assertThat(r.status()).as(r.message()).isEqualTo(Status.DIVERGED);
    assertThat(r.message()).contains("unbounded below");
    assertThat(r.iterations()).isLessThan(1000);
  }

  @Test
  void sgdThatBlowsUpDivergesAndReturnsTheStart() {
    // From 1e-10, ∇f = −1e10, so η = 1e-3 jumps to x ≈ 1e7, f ≈ 1e14.
    OptimizationResult r =
        FirstOrderMethod.of(Sgd.plain(), 1e-3).minimize(barrier(), new double[] {1e-10});

    assertThat(r.status()).as(r.message()).isEqualTo(Status.DIVERGED);
    assertThat(r.iterations()).isEqualTo(1);
    assertThat(r.point()).containsExactly(1e-10);
    assertThat(r.value()).isEqualTo(1e-20 - Math.log(1e-10));
    assertThat(r.message()).contains("rose more than").contains("returning the best point");
  }

  @Test
  void newtonOnALogarithmEndsWithAStatusAtAFinitePoint() {
    Lowest lowest = new Lowest();
    OptimizationResult r =
        Newton.withDefaults().minimize(lowest.watch(logarithm()), new double[] {0.001});

    assertThat(r.status().isConverged()).as(r.message()).isFalse();
    assertThat(r.point()[0]).as(r.message()).isFinite().isPositive().isLessThanOrEqualTo(0.001);
    assertThat(r.value()).isEqualTo(Math.log(r.point()[0])).isEqualTo(lowest.value);
  }

  @Test
  void aFailedStrongWolfeSearchReturnsTheLowestTrialNotTheStart() {
    // On f = x every trial is lower than the last and φ′ never shrinks: the search gives up.
    Lowest lowest = new Lowest();
    OptimizationResult r = Lbfgs.withDefaults().minimize(lowest.watch(line()), new double[] {1});

    assertThat(r.status()).as(r.message()).isIn(Status.LINE_SEARCH_FAILED, Status.DIVERGED);
    assertThat(r.value()).isLessThan(-1e6).isEqualTo(lowest.value);
    assertThat(r.point()).containsExactly(r.value());
    assertThat(r.gradient()).containsExactly(1.0);
  }

  @Test
  void aConvergedRunKeepsItsFinalIterate() {
    OptimizationResult r =
        Lbfgs.withDefaults().minimize(barrier(), new double[] {1}, StoppingRule.defaults());

    assertThat(r.status()).isEqualTo(Status.CONVERGED_GRADIENT_NORM);
    assertThat(r.point()[0]).isCloseTo(Math.sqrt(0.5), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(r.message()).doesNotContain("best point");
  }
}
