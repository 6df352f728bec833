package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.optim.firstorder.FirstOrderMethod;
import dev.adjoint.optim.firstorder.Sgd;
import dev.adjoint.optim.method.GradientDescent;
import dev.adjoint.optim.method.Lbfgs;
import dev.adjoint.optim.method.Newton;
import dev.adjoint.optim.method.NewtonCg;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver: stopping rules, statuses and messages, listeners, history, failures. */
class OptimizationTest {
  private static final Objective ROSENBROCK = TestObjectives.rosenbrock(2);
  private static final double[] START = {-1.2, 1};

  /** f(x) = x² with ∇f = 2x. */
  private static final Objective PARABOLA =
      JavaObjective.of(
          1,
          (x, g) -> {
            g[0] = 2 * x[0];
            return x[0] * x[0];
          });

  @Test
  void stopsAtTheStartWhenTheGradientIsAlreadySmall() {
    OptimizationResult result = Lbfgs.withDefaults().minimize(ROSENBROCK, new double[] {1, 1});

    assertThat(result.status()).isEqualTo(Status.CONVERGED_GRADIENT_NORM);
    assertThat(result.iterations()).isZero();
    assertThat(result.evaluations()).isEqualTo(1);
    assertThat(result.history()).hasSize(1);
  }

  @Test
  void reportsConvergenceByGradientNormWithTheNumbersInTheMessage() {
    OptimizationResult result =
        Lbfgs.withDefaults().minimize(ROSENBROCK, START, StoppingRule.gradientNormBelow(1e-9));

    assertThat(result.status()).isEqualTo(Status.CONVERGED_GRADIENT_NORM);
    assertThat(result.isConverged()).isTrue();
    assertThat(result.gradientNorm()).isLessThanOrEqualTo(1e-9);
    assertThat(result.message()).startsWith("converged: ‖∇f‖∞ = ").contains("≤ 1.00e-09");
    assertThat(result.toString()).contains("L-BFGS", "CONVERGED_GRADIENT_NORM");
  }

  @Test
  void reportsConvergenceByRelativeValueChange() {
    OptimizationResult result =
        GradientDescent.withDefaults()
            .minimize(ROSENBROCK, START, StoppingRule.relativeValueChangeBelow(1e-3));

    assertThat(result.status()).isEqualTo(Status.CONVERGED_VALUE_CHANGE);
    IterationRecord last = result.history().get(result.history().size() - 1);
    assertThat(Math.abs(last.previousValue() - last.value()))
        .isLessThanOrEqualTo(1e-3 * Math.max(last.previousValue(), last.value()));
    assertThat(result.message()).contains("|Δf|");
  }

  @Test
  void reportsConvergenceByStepSize() {
    OptimizationResult result =
        Lbfgs.withDefaults().minimize(ROSENBROCK, START, StoppingRule.stepSizeBelow(1e-6));

    assertThat(result.status()).isEqualTo(Status.CONVERGED_STEP_SIZE);
    IterationRecord last = result.history().get(result.history().size() - 1);
    assertThat(last.stepNorm()).isLessThanOrEqualTo(1e-6);
    assertThat(result.message()).contains("‖Δx‖∞");
  }

  @Test
  void stopsAtTheIterationLimit() {
    OptimizationResult result =
        GradientDescent.withDefaults().minimize(ROSENBROCK, START, StoppingRule.maxIterations(5));

    assertThat(result.status()).isEqualTo(Status.ITERATION_LIMIT);
    assertThat(result.isConverged()).isFalse();
    assertThat(result.iterations()).isEqualTo(5);
    assertThat(result.history()).hasSize(6);
    assertThat(result.message()).contains("iteration limit 5");
  }

  @Test
  void stopsAtTheEvaluationLimit() {
    OptimizationResult result =
        GradientDescent.withDefaults().minimize(ROSENBROCK, START, StoppingRule.maxEvaluations(20));

    assertThat(result.status()).isEqualTo(Status.EVALUATION_LIMIT);
    assertThat(result.evaluations()).isGreaterThanOrEqualTo(20);
  }

  @Test
  void stopsWhenTheWallTimeIsUsedUp() {
    OptimizationResult result =
        GradientDescent.withDefaults()
            .minimize(ROSENBROCK, START, StoppingRule.wallTime(Duration.ZERO));

    assertThat(result.status()).isEqualTo(Status.TIME_LIMIT);
    assertThat(result.message()).contains("wall time");
  }

  @Test
  void reportsDivergence() {
    // η = 1.1 on x²: x ← x − 2.2x = −1.2x, so f grows by 1.44 per step.
    OptimizationResult result =
        FirstOrderMethod.of(Sgd.plain(), 1.1)
            .minimize(PARABOLA, new double[] {1}, StoppingRule.valueAbove(100));

    assertThat(result.status()).isEqualTo(Status.DIVERGED);
    assertThat(result.history().get((int) result.iterations()).value()).isGreaterThan(100);
    assertThat(result.message()).startsWith("diverged").contains("returning the best point");
    // The best point evaluated is the start, f = 1: every later iterate is worse.
    assertThat(result.point()).containsExactly(1.0);
    assertThat(result.value()).isEqualTo(1.0);
    assertThat(result.gradient()).containsExactly(2.0);
  }

  @Test
  void composedRulesStopAtTheFirstThatFires() {
    StoppingRule rule =
        StoppingRule.anyOf(StoppingRule.gradientNormBelow(1e-30), StoppingRule.maxIterations(3));

    OptimizationResult result = Lbfgs.withDefaults().minimize(ROSENBROCK, START, rule);

    assertThat(result.status()).isEqualTo(Status.ITERATION_LIMIT);
    assertThat(result.iterations()).isEqualTo(3);
  }

  @Test
  void nonFiniteValueAtTheStartStopsWithoutMoving() {
    Objective broken =
        JavaObjective.of(
            2,
            (x, g) -> {
              g[0] = 1;
              g[1] = 1;
              return Double.NaN;
            });

    OptimizationResult result = Lbfgs.withDefaults().minimize(broken, new double[] {3, 4});

    assertThat(result.status()).isEqualTo(Status.NON_FINITE_VALUE);
    assertThat(result.point()).containsExactly(3, 4);
    assertThat(result.iterations()).isZero();
    assertThat(result.message()).contains("not finite");
  }

  @Test
  void nonFiniteValueDuringTheRunKeepsTheLastGoodPoint() {
    // f = exp(x²) overflows for |x| > 26.6; SGD with η = 0.6 overshoots further each step.
    Objective steep =
        JavaObjective.of(
            1,
            (x, g) -> {
              double e = Math.exp(x[0] * x[0]);
              g[0] = 2 * x[0] * e;
              return e;
            });

    OptimizationResult result =
        FirstOrderMethod.of(Sgd.plain(), 0.6)
            .minimize(steep, new double[] {1}, StoppingRule.maxIterations(100));

    assertThat(result.status()).isEqualTo(Status.NON_FINITE_VALUE);
    assertThat(Vectors.allFinite(result.point())).isTrue();
    assertThat(result.value()).isFinite();
    assertThat(Vectors.allFinite(result.gradient())).isTrue();
    assertThat(result.message()).contains("kept the last finite point");
  }

  @Test
  void lineSearchMethodsStepAroundNonFiniteRegions() {
    // f = x² − log(2 − x) is NaN for x > 2; the search must shrink instead of failing.
    // The minimiser solves 2x + 1/(2 − x) = 0: x = 1 − √6/2.
    Objective barrier =
        JavaObjective.of(
            1,
            (x, g) -> {
              g[0] = 2 * x[0] + 1 / (2 - x[0]);
              return x[0] * x[0] - Math.log(2 - x[0]);
            });

    OptimizationResult result =
        GradientDescent.withDefaults().minimize(barrier, new double[] {-30});

    assertThat(result.isConverged()).as(result.toString()).isTrue();
    assertThat(result.point()[0])
        .isCloseTo(1 - Math.sqrt(6) / 2, org.assertj.core.api.Assertions.within(1e-6));
  }

  @Test
  void wrongGradientEndsWithLineSearchFailureAtTheLastGoodPoint() {
    // The gradient has the wrong sign: every "descent" direction goes uphill.
    Objective lying =
        JavaObjective.of(
            1,
            (x, g) -> {
              g[0] = -2 * x[0];
              return x[0] * x[0];
            });

    OptimizationResult result = Lbfgs.withDefaults().minimize(lying, new double[] {1});

    assertThat(result.status()).isEqualTo(Status.LINE_SEARCH_FAILED);
    assertThat(result.point()).containsExactly(1);
    assertThat(result.message()).contains("StrongWolfe");
  }

  @Test
  void listenersSeeEveryIterationInOrderAndHistoryMatches() {
    List<IterationRecord> seen = new ArrayList<>();

    OptimizationResult result =
        Optimization.of(Lbfgs.withDefaults())
            .stopWhen(StoppingRule.maxIterations(10))
            .listener(seen::add)
            .recordPoints()
            .minimize(ROSENBROCK, START);

    assertThat(seen).containsExactlyElementsOf(result.history());
    assertThat(seen)
        .extracting(IterationRecord::iteration)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(seen.get(0).point().orElseThrow()).containsExactly(START);
    assertThat(seen.get(0).stepNorm()).isNaN();
    for (int k = 1; k < seen.size(); k++) {
      assertThat(seen.get(k).previousValue()).isEqualTo(seen.get(k - 1).value());
      assertThat(seen.get(k).value()).isLessThanOrEqualTo(seen.get(k - 1).value());
      assertThat(seen.get(k).evaluations()).isGreaterThan(seen.get(k - 1).evaluations());
      double[] step = seen.get(k).point().orElseThrow();
      double[] before = seen.get(k - 1).point().orElseThrow();
      assertThat(seen.get(k).stepNorm()).isEqualTo(Vectors.distanceInf(step, before));
    }
    assertThat(result.history().get(3).point()).isPresent();
  }

  @Test
  void pointsAreNotRecordedUnlessAsked() {
    OptimizationResult result =
        Lbfgs.withDefaults().minimize(ROSENBROCK, START, StoppingRule.maxIterations(2));

    assertThat(result.history().get(1).point()).isEmpty();
  }

  @Test
  void resultsAreImmutable() {
    OptimizationResult result =
        Lbfgs.withDefaults().minimize(ROSENBROCK, START, StoppingRule.maxIterations(2));
    double[] point = result.point();
    point[0] = 99;

    assertThat(result.point()[0]).isNotEqualTo(99);
    assertThatThrownBy(() -> result.history().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theStartIsNotModified() {
    double[] start = START.clone();

    Lbfgs.withDefaults().minimize(ROSENBROCK, start);

    assertThat(start).containsExactly(START);
  }

  @Test
  void badInputIsRejectedWithClearMessages() {
    Lbfgs method = Lbfgs.withDefaults();
    assertThatThrownBy(() -> method.minimize(ROSENBROCK, new double[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x0 has length 3 but the objective has dimension 2");
    assertThatThrownBy(() -> method.minimize(ROSENBROCK, new double[] {Double.NaN, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x0[0] is not finite");
    assertThatThrownBy(() -> method.minimize(ROSENBROCK, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x0 is null");
    assertThatThrownBy(() -> method.minimize(null, START))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("objective is null");
    assertThatThrownBy(() -> Optimization.of(method).stopWhen(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoppingRule.gradientNormBelow(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gradient tolerance");
    assertThatThrownBy(() -> StoppingRule.maxIterations(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoppingRule.wallTime(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Lbfgs.of(0, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void secondOrderMethodsNameWhatTheObjectiveLacks() {
    Objective firstOrderOnly = JavaObjective.of(2, (x, g) -> 0);

    assertThatThrownBy(() -> Newton.withDefaults().minimize(firstOrderOnly, START))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Newton needs a Hessian");
    assertThatThrownBy(() -> NewtonCg.withDefaults().minimize(firstOrderOnly, START))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Hessian-vector products");
  }
}
