package dev.adjoint.optim.mgh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The encoded problems agree with the published data, and their Jacobians with differences. */
class MghProblemsTest {

  static Stream<MghProblem> problems() {
    return MghProblems.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void valueAtStartMatchesPublishedValue(MghProblem problem) {
    double value = problem.objective().value(problem.start());

    assertThat(value).isCloseTo(problem.valueAtStart(), within(1e-12 * problem.valueAtStart()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void jacobianMatchesCentralDifferences(MghProblem problem) {
    Random random = new Random(problem.number());
    double[] atStart = problem.start();
    double[] perturbed = problem.start();
    for (int i = 0; i < perturbed.length; i++) {
      perturbed[i] += 0.05 * (1 + Math.abs(perturbed[i])) * random.nextGaussian();
    }
    for (double[] x : new double[][] {atStart, perturbed}) {
      int n = problem.n();
      int m = problem.m();
      double[] r = new double[m];
      double[] jacobian = new double[m * n];
      problem.residuals(x, r, jacobian);
      for (int k = 0; k < n; k++) {
        double h = 1e-6 * Math.max(1, Math.abs(x[k]));
        double[] plus = x.clone();
        double[] minus = x.clone();
        plus[k] += h;
        minus[k] -= h;
        double[] rPlus = new double[m];
        double[] rMinus = new double[m];
        problem.residuals(plus, rPlus, new double[m * n]);
        problem.residuals(minus, rMinus, new double[m * n]);
        for (int i = 0; i < m; i++) {
          double difference = (rPlus[i] - rMinus[i]) / (plus[k] - minus[k]);
          double scale = 1 + Math.abs(jacobian[i * n + k]) + Math.abs(r[i]) / Math.max(1, h);
          assertThat(jacobian[i * n + k])
              .as("∂r%d/∂x%d of %s", i + 1, k + 1, problem)
              .isCloseTo(difference, within(1e-6 * scale));
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void gradientIsTwiceJacobianTransposeResiduals(MghProblem problem) {
    double[] x = problem.start();
    double[] gradient = new double[problem.n()];
    problem.objective().valueAndGradient(x, gradient);
    for (int k = 0; k < problem.n(); k++) {
      double h = 1e-6 * Math.max(1, Math.abs(x[k]));
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[k] += h;
      minus[k] -= h;
      double difference =
          (problem.objective().value(plus) - problem.objective().value(minus))
              / (plus[k] - minus[k]);
      assertThat(gradient[k])
          .as("∂f/∂x%d of %s", k + 1, problem)
          .isCloseTo(
              difference,
              within(
                  1e-6
                      * (1
                          + Math.abs(gradient[k])
                          + problem.valueAtStart() / Math.max(1, h) * 1e-6)));
    }
  }
}
