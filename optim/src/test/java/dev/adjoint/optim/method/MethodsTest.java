package dev.adjoint.optim.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.optim.JavaObjective;
import dev.adjoint.optim.Minimizer;
import dev.adjoint.optim.Objective;
import dev.adjoint.optim.OptimizationResult;
import dev.adjoint.optim.Status;
import dev.adjoint.optim.StoppingRule;
import dev.adjoint.optim.TestObjectives;
import dev.adjoint.optim.linesearch.Backtracking;
import dev.adjoint.optim.linesearch.StrongWolfe;
import dev.adjoint.optim.method.NonlinearConjugateGradient.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MethodsTest {

  static List<Minimizer> allMethods() {
    return List.of(
        GradientDescent.withDefaults(),
        GradientDescent.with(Backtracking.withDefaults()),
        NonlinearConjugateGradient.of(Variant.POLAK_RIBIERE_PLUS),
        NonlinearConjugateGradient.of(Variant.FLETCHER_REEVES),
        NonlinearConjugateGradient.of(Variant.HESTENES_STIEFEL),
        Lbfgs.withDefaults(),
        Lbfgs.of(3, StrongWolfe.withDefaults()),
        Newton.withDefaults(),
        Newton.with(StrongWolfe.withDefaults()),
        NewtonCg.withDefaults());
  }

  /** Every method × random SPD quadratics in 2..12 dimensions (seeded). */
  static Stream<Arguments> methodsOnRandomQuadratics() {
    List<Arguments> rows = new ArrayList<>();
    for (Minimizer method : allMethods()) {
      for (int seed = 0; seed < 5; seed++) {
        rows.add(Arguments.of(method, 2 + 2 * seed, seed));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}, n={1}, seed={2}")
  @MethodSource("methodsOnRandomQuadratics")
  void propertyEveryMethodSolvesRandomPositiveDefiniteQuadratics(
      Minimizer method, int n, int seed) {
    TestObjectives.Quadratic quadratic = new TestObjectives.Quadratic(n, seed);
    double[] expected = quadratic.solution();

    OptimizationResult result =
        method.minimize(
            quadratic.objective(),
            new double[n],
            StoppingRule.gradientNormBelow(1e-10).or(StoppingRule.maxIterations(50_000)));

    assertThat(result.status()).as(result.toString()).isEqualTo(Status.CONVERGED_GRADIENT_NORM);
    for (int i = 0; i < n; i++) {
      assertThat(result.point()[i]).isCloseTo(expected[i], within(1e-6));
    }
  }

  @Test
  void conjugateGradientSolvesAQuadraticInAtMostNIterationsWithExactSearches() {
    // With an (almost) exact line search, linear CG terminates in ≤ n steps; FR, PR and HS
    // coincide.
    TestObjectives.Quadratic quadratic = new TestObjectives.Quadratic(6, 42);
    for (Variant variant : Variant.values()) {
      OptimizationResult result =
          NonlinearConjugateGradient.of(variant, StrongWolfe.of(1e-10, 1e-10, 100))
              .minimize(
                  quadratic.objective(),
                  new double[6],
                  StoppingRule.gradientNormBelow(1e-8).or(StoppingRule.maxIterations(100)));

      assertThat(result.iterations()).as(variant.name()).isLessThanOrEqualTo(6 + 1);
    }
  }

  @Test
  void newtonTakesOneStepOnAQuadratic() {
    TestObjectives.Quadratic quadratic = new TestObjectives.Quadratic(8, 3);

    OptimizationResult result =
        Newton.withDefaults()
            .minimize(quadratic.objective(), new double[8], StoppingRule.gradientNormBelow(1e-10));

    assertThat(result.iterations()).isEqualTo(1);
    assertThat(result.point()).containsExactly(quadratic.solution(), within(1e-12));
  }

  @Test
  void newtonModifiesAnIndefiniteHessianIntoADescentDirection() {
    // f = x² − y² + y⁴/4: at (1, 0.1) the Hessian diag(2, −2 + 3y²) is indefinite.
    Objective saddle =
        JavaObjective.of(
                2,
                (x, g) -> {
                  g[0] = 2 * x[0];
                  g[1] = -2 * x[1] + x[1] * x[1] * x[1];
                  return x[0] * x[0] - x[1] * x[1] + Math.pow(x[1], 4) / 4;
                })
            .withHessian(
                (x, h) -> {
                  h[0] = 2;
                  h[1] = 0;
                  h[2] = 0;
                  h[3] = -2 + 3 * x[1] * x[1];
                });

    OptimizationResult result =
        Newton.withDefaults()
            .minimize(saddle, new double[] {1, 0.1}, StoppingRule.gradientNormBelow(1e-10));

    assertThat(result.isConverged()).isTrue();
    assertThat(result.point()[0]).isCloseTo(0, within(1e-9));
    assertThat(Math.abs(result.point()[1])).isCloseTo(Math.sqrt(2), within(1e-9));
    assertThat(result.value()).isCloseTo(-1, within(1e-12));
  }

  @Test
  void newtonCgFollowsNegativeCurvatureAwayFromASaddle() {
    Objective saddle =
        JavaObjective.of(
                2,
                (x, g) -> {
                  g[0] = 2 * x[0];
                  g[1] = -2 * x[1] + x[1] * x[1] * x[1];
                  return x[0] * x[0] - x[1] * x[1] + Math.pow(x[1], 4) / 4;
                })
            .withFiniteDifferenceHessian();

    OptimizationResult result =
        NewtonCg.withDefaults()
            .minimize(saddle, new double[] {1, 0.1}, StoppingRule.gradientNormBelow(1e-8));

    assertThat(result.isConverged()).as(result.toString()).isTrue();
    assertThat(result.value()).isCloseTo(-1, within(1e-10));
  }

  @Test
  void lbfgsWithTheInitialScalingSolvesAOneDimensionalQuadraticInTwoSteps() {
    // f = 5x²: after one step, H₀ = γI with γ = sᵀy/yᵀy = 1/10 is the exact inverse Hessian.
    Objective parabola =
        JavaObjective.of(
            1,
            (x, g) -> {
              g[0] = 10 * x[0];
              return 5 * x[0] * x[0];
            });

    OptimizationResult result =
        Lbfgs.withDefaults()
            .minimize(parabola, new double[] {3}, StoppingRule.gradientNormBelow(1e-12));

    assertThat(result.iterations()).isEqualTo(2);
    assertThat(result.point()[0]).isCloseTo(0, within(1e-15));
  }

  @Test
  void lbfgsSkipsPairsWithNonPositiveCurvature() {
    // f = −cos x is concave on (π/2, 3π/2): a step from 2.5 to 2.5 − sin 2.5 ≈ 1.90 has sᵀy < 0.
    Objective cosine =
        JavaObjective.of(
            1,
            (x, g) -> {
              g[0] = Math.sin(x[0]);
              return -Math.cos(x[0]);
            });
    Lbfgs method = Lbfgs.of(5, Backtracking.withDefaults());

    OptimizationResult one =
        method.minimize(cosine, new double[] {2.5}, StoppingRule.maxIterations(1));
    OptimizationResult all =
        method.minimize(cosine, new double[] {2.5}, StoppingRule.gradientNormBelow(1e-10));

    assertThat(one.point()[0]).isGreaterThan(Math.PI / 2);
    assertThat(one.state().scalar("lbfgs.pairs")).isZero();
    assertThat(all.isConverged()).isTrue();
    assertThat(all.point()[0]).isCloseTo(0, within(1e-9));
  }

  @Test
  void lbfgsKeepsAtMostMPairs() {
    OptimizationResult result =
        Lbfgs.of(3, StrongWolfe.withDefaults())
            .minimize(
                TestObjectives.rosenbrock(4),
                TestObjectives.rosenbrockStart(4),
                StoppingRule.maxIterations(10));

    assertThat(result.state().scalar("lbfgs.pairs")).isEqualTo(3);
    assertThat(result.state().vector("lbfgs.s")).hasSize(12);
  }

  static Stream<Minimizer> methods() {
    return allMethods().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("methods")
  void everyMethodSolvesExtendedRosenbrock(Minimizer method) {
    int limit = method instanceof GradientDescent ? 50_000 : 2_000;

    OptimizationResult result =
        method.minimize(
            TestObjectives.rosenbrock(4),
            TestObjectives.rosenbrockStart(4),
            StoppingRule.gradientNormBelow(1e-7).or(StoppingRule.maxIterations(limit)));

    assertThat(result.value()).as(result.toString()).isLessThan(1e-10);
    assertThat(result.point()).containsExactly(new double[] {1, 1, 1, 1}, within(1e-4));
  }

  @Test
  void namesSayWhatTheMethodIs() {
    assertThat(Lbfgs.withDefaults().name())
        .isEqualTo("L-BFGS(m=10)[StrongWolfe(c1=1.0E-4, c2=0.9)]");
    assertThat(NonlinearConjugateGradient.withDefaults().name()).startsWith("CG-PR+");
    assertThat(Newton.withDefaults().name()).startsWith("Newton[Backtracking");
    assertThat(NewtonCg.withDefaults().name()).startsWith("NewtonCG");
  }
}
