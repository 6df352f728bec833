package dev.adjoint.optim.quadratic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.optim.Objective;
import dev.adjoint.optim.OptimizationResult;
import dev.adjoint.optim.StoppingRule;
import dev.adjoint.optim.linesearch.Backtracking;
import dev.adjoint.optim.method.GradientDescent;
import dev.adjoint.optim.method.Newton;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LeastSquaresTest {

  /** y = 2 + 3t − t² sampled at 8 points: the fit with columns (1, t, t²) is exact. */
  @Test
  void closedFormRecoversAnExactFit() {
    double[][] design = new double[8][];
    double[] targets = new double[8];
    for (int i = 0; i < 8; i++) {
      double t = i / 4.0;
      design[i] = new double[] {1, t, t * t};
      targets[i] = 2 + 3 * t - t * t;
    }

    double[] solution = LeastSquares.of(design, targets).solveNormalEquations();

    assertThat(solution).containsExactly(new double[] {2, 3, -1}, within(1e-12));
  }

  /** A noisy linear regression with 50 examples and 4 features (seeded). */
  static LeastSquares regression(long seed) {
    Random random = new Random(seed);
    double[][] design = new double[50][4];
    double[] targets = new double[50];
    for (int i = 0; i < 50; i++) {
      design[i][0] = 1;
      for (int j = 1; j < 4; j++) {
        design[i][j] = random.nextGaussian();
      }
      targets[i] = 0.5 - design[i][1] + 2 * design[i][3] + 0.3 * random.nextGaussian();
    }
    return LeastSquares.of(design, targets);
  }

  static Stream<Integer> seeds() {
    return IntStream.range(0, 10).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void closedFormGradientDescentAndOneNewtonStepAgree(int seed) {
    LeastSquares problem = regression(seed);
    Objective objective = problem.objective();
    double[] start = new double[4];

    double[] closedForm = problem.solveNormalEquations();
    OptimizationResult descent =
        GradientDescent.withDefaults()
            .minimize(
                objective,
                start,
                StoppingRule.gradientNormBelow(1e-12).or(StoppingRule.maxIterations(10_000)));
    OptimizationResult newton =
        Newton.withDefaults().minimize(objective, start, StoppingRule.maxIterations(1));

    assertThat(newton.iterations()).isEqualTo(1);
    for (int i = 0; i < 4; i++) {
      assertThat(descent.point()[i]).as(descent.toString()).isCloseTo(closedForm[i], within(1e-10));
      assertThat(newton.point()[i]).isCloseTo(closedForm[i], within(1e-10));
    }
  }

  @Test
  void gradientDescentWithBacktrackingAgreesToo() {
    LeastSquares problem = regression(99);

    OptimizationResult descent =
        GradientDescent.with(Backtracking.withDefaults())
            .minimize(
                problem.objective(),
                new double[4],
                StoppingRule.gradientNormBelow(1e-12).or(StoppingRule.maxIterations(50_000)));

    assertThat(descent.point()).containsExactly(problem.solveNormalEquations(), within(1e-10));
  }

  @Test
  void objectiveHasTheExactHessianAndGradient() {
    LeastSquares problem = regression(1).withRidge(0.5);
    Objective objective = problem.objective();
    double[] x = {0.1, -0.2, 0.3, 0.4};
    double[] gradient = new double[4];
    objective.valueAndGradient(x, gradient);
    for (int i = 0; i < 4; i++) {
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[i] += 1e-6;
      minus[i] -= 1e-6;
      double difference = (objective.value(plus) - objective.value(minus)) / 2e-6;
      assertThat(gradient[i]).isCloseTo(difference, within(1e-6 * (1 + Math.abs(difference))));
    }
    double[] hessian = new double[16];
    double[] fromProducts = new double[16];
    objective.hessian(x, hessian);
    Objective productsOnly =
        new Objective() {
          @Override
          public int dimension() {
            return 4;
          }

          @Override
          public double valueAndGradient(double[] point, double[] g) {
            return objective.valueAndGradient(point, g);
          }

          @Override
          public boolean hasHessianVectorProduct() {
            return true;
          }

          @Override
          public void hessianVectorProduct(double[] point, double[] v, double[] result) {
            objective.hessianVectorProduct(point, v, result);
          }
        };
    productsOnly.hessian(x, fromProducts);
    assertThat(fromProducts).containsExactly(hessian, within(1e-12));
  }

  @Test
  void ridgeShrinksTheSolution() {
    LeastSquares problem = regression(2);

    double[] plain = problem.solveNormalEquations();
    double[] ridge = problem.withRidge(100).solveNormalEquations();

    double plainNorm = 0;
    double ridgeNorm = 0;
    for (int i = 0; i < 4; i++) {
      plainNorm += plain[i] * plain[i];
      ridgeNorm += ridge[i] * ridge[i];
    }
    assertThat(ridgeNorm).isLessThan(plainNorm);
  }

  @Test
  void rankDeficientDesignIsReportedClearly() {
    double[][] design = {{1, 2}, {2, 4}, {3, 6}};
    LeastSquares problem = LeastSquares.of(design, new double[] {1, 2, 3});

    assertThatThrownBy(problem::solveNormalEquations)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not positive definite");
    assertThat(problem.withRidge(1e-3).solveNormalEquations()).hasSize(2);
  }

  @Test
  void rejectsMalformedInput() {
    assertThatThrownBy(() -> LeastSquares.of(new double[][] {{1, 2}, {3}}, new double[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 1 of A");
    assertThatThrownBy(() -> LeastSquares.of(new double[][] {{1, 2}}, new double[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b must have length 1");
    assertThatThrownBy(() -> LeastSquares.of(new double[][] {{1, Double.NaN}}, new double[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not finite");
    assertThatThrownBy(() -> LeastSquares.of(new double[0][], new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> regression(0).withRidge(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
