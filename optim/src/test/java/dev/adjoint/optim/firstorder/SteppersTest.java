package dev.adjoint.optim.firstorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.optim.IterationRecord;
import dev.adjoint.optim.JavaObjective;
import dev.adjoint.optim.Objective;
import dev.adjoint.optim.OptimizationResult;
import dev.adjoint.optim.StoppingRule;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each stepper against trajectories computed by hand on f(x) = ½x₁² + 2x₂² (∇f = (x₁, 4x₂)) from x₀
 * = (1, 1): the expected values are written out step by step, in the order of torch.optim's
 * formulas.
 */
class SteppersTest {

  private static final Objective QUADRATIC =
      JavaObjective.of(
          2,
          (x, g) -> {
            g[0] = x[0];
            g[1] = 4 * x[1];
            return 0.5 * x[0] * x[0] + 2 * x[1] * x[1];
          });

  private static List<double[]> trajectory(Stepper stepper, double learningRate, int steps) {
    OptimizationResult result =
        dev.adjoint.optim.Optimization.of(FirstOrderMethod.of(stepper, learningRate))
            .stopWhen(StoppingRule.maxIterations(steps))
            .recordPoints()
            .minimize(QUADRATIC, new double[] {1, 1});
    return result.history().stream()
        .map(record -> record.point().orElseThrow())
        .collect(Collectors.toList());
  }

  private static void assertPoint(double[] actual, double first, double second) {
    assertThat(actual[0]).isCloseTo(first, within(1e-15));
    assertThat(actual[1]).isCloseTo(second, within(1e-15));
  }

  @Test
  void plainSgdTakesGradientSteps() {
    List<double[]> x = trajectory(Sgd.plain(), 0.1, 2);

    // x₁ = x₀ − 0.1·(1, 4) = (0.9, 0.6); x₂ = x₁ − 0.1·(0.9, 2.4) = (0.81, 0.36)
    assertPoint(x.get(1), 0.9, 0.6);
    assertPoint(x.get(2), 0.81, 0.36);
  }

  @Test
  void heavyBallMomentumMatchesAHandComputedTrajectory() {
    List<double[]> x = trajectory(Sgd.momentum(0.9), 0.1, 3);

    // update 1: g = (1, 4), b = g = (1, 4), x₁ = (1 − 0.1, 1 − 0.4) = (0.9, 0.6)
    assertPoint(x.get(1), 0.9, 0.6);
    // update 2: g = (0.9, 2.4), b = 0.9·(1, 4) + g = (1.8, 6), x₂ = (0.9 − 0.18, 0.6 − 0.6)
    assertPoint(x.get(2), 0.72, 0.0);
    // update 3: g = (0.72, 0), b = 0.9·(1.8, 6) + g = (2.34, 5.4), x₃ = (0.72 − 0.234, −0.54)
    assertPoint(x.get(3), 0.486, -0.54);
  }

  @Test
  void nesterovMomentumMatchesAHandComputedTrajectory() {
    List<double[]> x = trajectory(Sgd.nesterov(0.9), 0.1, 2);

    // update 1: g = (1, 4), b = (1, 4), u = g + 0.9b = (1.9, 7.6), x₁ = (0.81, 0.24)
    assertPoint(x.get(1), 1 - 0.1 * (1 + 0.9 * 1), 1 - 0.1 * (4 + 0.9 * 4));
    // update 2: g = (0.81, 0.96), b = 0.9·(1, 4) + g = (1.71, 4.56), u = g + 0.9b
    double g1 = 0.81;
    double g2 = 4 * (1 - 0.1 * (4 + 0.9 * 4));
    double b1 = 0.9 * 1 + g1;
    double b2 = 0.9 * 4 + g2;
    assertPoint(x.get(2), 0.81 - 0.1 * (g1 + 0.9 * b1), 0.24 - 0.1 * (g2 + 0.9 * b2));
    assertPoint(x.get(2), 0.5751, -0.2664);
  }

  @Test
  void dampeningAndWeightDecayFollowTorchSemantics() {
    double lr = 0.1;
    double mu = 0.9;
    double tau = 0.5;
    double lambda = 0.01;
    List<double[]> x = trajectory(Sgd.of(mu, tau, lambda, false), lr, 2);

    // update 1: g = ∇f + λx, the buffer starts as g itself (no dampening on the first step)
    double g11 = 1 + lambda * 1;
    double g12 = 4 + lambda * 1;
    double b11 = g11;
    double b12 = g12;
    double x11 = 1 - lr * b11;
    double x12 = 1 - lr * b12;
    assertPoint(x.get(1), x11, x12);
    // update 2: b = μb + (1 − τ)g
    double g21 = x11 + lambda * x11;
    double g22 = 4 * x12 + lambda * x12;
    double b21 = mu * b11 + (1 - tau) * g21;
    double b22 = mu * b12 + (1 - tau) * g22;
    assertPoint(x.get(2), x11 - lr * b21, x12 - lr * b22);
  }

  @Test
  void adamMatchesAHandComputedTrajectoryForThreeSteps() {
    double lr = 0.1;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    List<double[]> x = trajectory(Adam.withDefaults(), lr, 3);

    double[] point = {1, 1};
    double[] m = {0, 0};
    double[] v = {0, 0};
    for (int t = 1; t <= 3; t++) {
      double[] g = {point[0], 4 * point[1]};
      for (int i = 0; i < 2; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        double mHat = m[i] / (1 - Math.pow(beta1, t));
        double vHatSqrt = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(beta2, t));
        point[i] = point[i] - lr * mHat / (vHatSqrt + eps);
      }
      assertPoint(x.get(t), point[0], point[1]);
    }
    // The first Adam step moves every coordinate by lr·g/(|g| + ε) ≈ lr.
    assertPoint(x.get(1), 1 - lr / (1 + eps), 1 - lr * 4 / (4 + eps));
  }

  @Test
  void adamWDecaysTheWeightsBeforeTheAdamStep() {
    double lr = 0.1;
    double lambda = 0.01;
    List<double[]> x = trajectory(Adam.adamW(), lr, 2);

    double[] point = {1, 1};
    double[] m = {0, 0};
    double[] v = {0, 0};
    for (int t = 1; t <= 2; t++) {
      double[] g = {point[0], 4 * point[1]};
      for (int i = 0; i < 2; i++) {
        point[i] = point[i] * (1 - lr * lambda);
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
        double denominator = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
        point[i] = point[i] - lr / (1 - Math.pow(0.9, t)) * m[i] / denominator;
      }
      assertPoint(x.get(t), point[0], point[1]);
    }
  }

  @Test
  void adaGradMatchesAHandComputedTrajectory() {
    List<double[]> x = trajectory(AdaGrad.withDefaults(), 0.5, 2);

    // update 1: s = g² = (1, 16), x₁ = x₀ − 0.5·g/(√s + 1e-10)
    double x11 = 1 - 0.5 * 1 / (1 + 1e-10);
    double x12 = 1 - 0.5 * 4 / (4 + 1e-10);
    assertPoint(x.get(1), x11, x12);
    // update 2: s = (1 + x11², 16 + (4 x12)²)
    double g21 = x11;
    double g22 = 4 * x12;
    assertPoint(
        x.get(2),
        x11 - 0.5 * g21 / (Math.sqrt(1 + g21 * g21) + 1e-10),
        x12 - 0.5 * g22 / (Math.sqrt(16 + g22 * g22) + 1e-10));
  }

  @Test
  void rmsPropMatchesAHandComputedTrajectory() {
    List<double[]> x = trajectory(RmsProp.withDefaults(), 0.01, 2);

    // update 1: s = 0.01·g², x₁ = x₀ − 0.01·g/(√s + 1e-8)
    double s11 = 0.01 * 1;
    double s12 = 0.01 * 16;
    double x11 = 1 - 0.01 * 1 / (Math.sqrt(s11) + 1e-8);
    double x12 = 1 - 0.01 * 4 / (Math.sqrt(s12) + 1e-8);
    assertPoint(x.get(1), x11, x12);
    double g21 = x11;
    double g22 = 4 * x12;
    double s21 = 0.99 * s11 + 0.01 * g21 * g21;
    double s22 = 0.99 * s12 + 0.01 * g22 * g22;
    assertPoint(
        x.get(2),
        x11 - 0.01 * g21 / (Math.sqrt(s21) + 1e-8),
        x12 - 0.01 * g22 / (Math.sqrt(s22) + 1e-8));
  }

  @Test
  void centeredRmsPropWithMomentumMatchesAHandComputedTrajectory() {
    double alpha = 0.9;
    double mu = 0.5;
    List<double[]> x = trajectory(RmsProp.of(alpha, 1e-8, 0, mu, true), 0.01, 2);

    double[] point = {1, 1};
    double[] s = {0, 0};
    double[] a = {0, 0};
    double[] b = {0, 0};
    for (int t = 1; t <= 2; t++) {
      double[] g = {point[0], 4 * point[1]};
      for (int i = 0; i < 2; i++) {
        s[i] = alpha * s[i] + (1 - alpha) * g[i] * g[i];
        a[i] = alpha * a[i] + (1 - alpha) * g[i];
        double sigma = Math.sqrt(s[i] - a[i] * a[i]) + 1e-8;
        b[i] = mu * b[i] + g[i] / sigma;
        point[i] = point[i] - 0.01 * b[i];
      }
      assertPoint(x.get(t), point[0], point[1]);
    }
  }

  @Test
  void defaultLearningRatesAreTorchs() {
    assertThat(Sgd.plain().defaultLearningRate()).isEqualTo(1e-3);
    assertThat(Adam.withDefaults().defaultLearningRate()).isEqualTo(1e-3);
    assertThat(Adam.adamW().defaultLearningRate()).isEqualTo(1e-3);
    assertThat(AdaGrad.withDefaults().defaultLearningRate()).isEqualTo(1e-2);
    assertThat(RmsProp.withDefaults().defaultLearningRate()).isEqualTo(1e-2);
    assertThat(Adam.adamW().name()).startsWith("AdamW");
  }

  @Test
  void learningRateIsReportedAsTheStepLength() {
    OptimizationResult result =
        FirstOrderMethod.of(
                Sgd.plain(), LearningRateSchedule.step(0.1, 2, 0.5), "StepLR(0.1, 2, 0.5)")
            .minimize(QUADRATIC, new double[] {1, 1}, StoppingRule.maxIterations(4));

    assertThat(result.history().stream().skip(1).map(IterationRecord::stepLength))
        .containsExactly(0.1, 0.1, 0.05, 0.05);
  }

  @Test
  void rejectsInvalidSettings() {
    assertThatThrownBy(() -> Sgd.of(0, 0, 0, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Nesterov");
    assertThatThrownBy(() -> Sgd.momentum(1.0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Adam.of(1.0, 0.999, 1e-8, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("β1");
    assertThatThrownBy(() -> Adam.of(0.9, 0.999, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ε");
    assertThatThrownBy(() -> RmsProp.of(1.5, 1e-8, 0, 0, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AdaGrad.of(-1, 0, 1e-10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FirstOrderMethod.of(null, 0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FirstOrderMethod.of(Sgd.plain(), -0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("learning rate");
  }
}
