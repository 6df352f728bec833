package dev.adjoint.optim.firstorder;

import static dev.adjoint.autodiff.Exprs.mean;
import static dev.adjoint.autodiff.Exprs.square;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.optim.ExprObjective;
import dev.adjoint.optim.OptimizationResult;
import dev.adjoint.optim.StoppingRule;
import dev.adjoint.optim.firstorder.MinibatchObjective.Reduction;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Expr minibatch objective against the same regression written per example in Java. */
class ExprMinibatchObjectiveTest {
  static final int N = 60;
  static final int B = 10;
  static final double[][] FEATURES = new double[N][3];
  static final double[][] TARGETS = new double[N][1];

  static {
    Random random = new Random(21);
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < 3; j++) {
        FEATURES[i][j] = random.nextGaussian();
      }
      TARGETS[i][0] = 0.5 - FEATURES[i][0] + 2 * FEATURES[i][2] + 0.1 * random.nextGaussian();
    }
  }

  final Variable w = Variable.of("w", 3, 1);
  final Variable xs = Variable.of("X", B, 3);
  final Variable ys = Variable.of("y", B, 1);

  /** mean over the batch of (Xw − y)². */
  ExprMinibatchObjective symbolic(long seed) {
    Expr loss = mean(square(xs.matmul(w).minus(ys)));
    return ExprMinibatchObjective.of(
        loss,
        List.of(w),
        Map.of(xs, Tensor.matrix(FEATURES), ys, Tensor.matrix(TARGETS)),
        Bindings.of(),
        seed);
  }

  static MinibatchObjective byHand(long seed) {
    return MinibatchObjective.of(
        3,
        N,
        (point, i, gradientSum) -> {
          double residual = -TARGETS[i][0];
          for (int j = 0; j < 3; j++) {
            residual += FEATURES[i][j] * point[j];
          }
          for (int j = 0; j < 3; j++) {
            gradientSum[j] += 2 * residual * FEATURES[i][j];
          }
          return residual * residual;
        },
        Reduction.MEAN,
        B,
        seed);
  }

  @Test
  void drawsTheSameBatchesAsTheJavaMinibatchObjective() {
    ExprMinibatchObjective symbolic = symbolic(9);
    MinibatchObjective reference = byHand(9);

    assertThat(symbolic.batchesPerEpoch()).isEqualTo(6);
    for (long draw = 0; draw < 20; draw++) {
      assertThat(symbolic.batch(draw)).containsExactly(reference.batch(draw));
    }
  }

  @Test
  void sampledAndFullValuesAndGradientsMatchTheJavaObjective() {
    ExprMinibatchObjective symbolic = symbolic(9);
    MinibatchObjective reference = byHand(9);
    double[] x = {0.3, -0.2, 1.1};
    double[] g = new double[3];
    double[] expected = new double[3];
    for (long draw = 0; draw < 13; draw++) {
      double value = symbolic.sampleValueAndGradient(draw, x, g);
      double expectedValue = reference.sampleValueAndGradient(draw, x, expected);
      assertThat(value).isCloseTo(expectedValue, within(1e-12));
      assertThat(g).containsExactly(expected, within(1e-12));
    }
    assertThat(symbolic.valueAndGradient(x, g))
        .isCloseTo(reference.valueAndGradient(x, expected), within(1e-12));
    assertThat(g).containsExactly(expected, within(1e-12));
  }

  @Test
  void adamFollowsTheSameTrajectoryOnBothObjectives() {
    FirstOrderMethod adam = FirstOrderMethod.of(Adam.withDefaults(), 0.05);
    StoppingRule rule = StoppingRule.maxIterations(200);

    OptimizationResult symbolic = adam.minimize(symbolic(4), new double[3], rule);
    OptimizationResult reference = adam.minimize(byHand(4), new double[3], rule);

    assertThat(symbolic.point()).containsExactly(reference.point(), within(1e-9));
    assertThat(symbolic.point()[2]).isCloseTo(2, within(0.1));
  }

  @Test
  void rebindingAConstantChangesLaterEvaluations() {
    Variable x = Variable.of("x", 2);
    Variable c = Variable.of("c", 2);
    ExprObjective objective =
        ExprObjective.of(
            dev.adjoint.autodiff.Exprs.sum(square(x.minus(c))),
            List.of(x),
            Bindings.of("c", Tensor.vector(1, 1)));
    double[] gradient = new double[2];

    objective.setConstant(c, new double[] {9, 3, 4}, 1);
    double value = objective.valueAndGradient(new double[] {0, 0}, gradient);
    double[] product = new double[2];
    objective.hessianVectorProduct(new double[] {0, 0}, new double[] {1, 0}, product);

    assertThat(value).isEqualTo(25);
    assertThat(gradient).containsExactly(-6, -8);
    assertThat(product).containsExactly(2, 0);
    assertThatThrownBy(() -> objective.setConstant(x, new double[2], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a bound constant");
    assertThatThrownBy(() -> objective.setConstant(c, new double[2], 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 2 values");
  }

  @Test
  void rejectsDataThatDoesNotFitTheBatchShape() {
    Expr loss = mean(square(xs.matmul(w).minus(ys)));
    assertThatThrownBy(
            () ->
                ExprMinibatchObjective.of(
                    loss,
                    List.of(w),
                    Map.of(xs, Tensor.zeros(N, 4), ys, Tensor.zeros(N, 1)),
                    Bindings.of(),
                    0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X");
    assertThatThrownBy(
            () ->
                ExprMinibatchObjective.of(
                    loss,
                    List.of(w),
                    Map.of(xs, Tensor.zeros(N, 3), ys, Tensor.zeros(N - 1, 1)),
                    Bindings.of(),
                    0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same batch size");
    assertThatThrownBy(
            () ->
                ExprMinibatchObjective.of(
                    loss,
                    List.of(w),
                    Map.of(xs, Tensor.zeros(5, 3), ys, Tensor.zeros(5, 1)),
                    Bindings.of(),
                    0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fewer than the batch size");
  }
}
