package dev.adjoint.optim;

import static dev.adjoint.autodiff.Exprs.mean;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.softplus;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.optim.firstorder.Adam;
import dev.adjoint.optim.firstorder.ExprMinibatchObjective;
import dev.adjoint.optim.firstorder.FirstOrderMethod;
import dev.adjoint.optim.method.Lbfgs;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The whole user path on L2-regularised logistic regression: a model written for a batch of 32,
 * Glorot-initialised {@link Parameters}, minimised full-batch with L-BFGS and by minibatch Adam
 * (300 examples in batches of 32, the last batch of 12 kept), then {@code evaluate} on 2 000
 * held-out examples. Every check is computed here in plain Java: the gradient at the fitted point
 * by central differences of the loss, the predictions, and the accuracy of the true model.
 */
class FitAndEvaluateTest {
  static final double[] TRUE_W = {2, -1};
  static final double TRUE_B = 0.5;
  static final double LAMBDA = 0.01;

  /** Features N(0, I) and labels y ~ Bernoulli(σ(x·w* + b*)). */
  record Data(double[][] x, double[][] y) {
    static Data generate(int n, long seed) {
      Random random = new Random(seed);
      double[][] x = new double[n][2];
      double[][] y = new double[n][1];
      for (int i = 0; i < n; i++) {
        x[i][0] = random.nextGaussian();
        x[i][1] = random.nextGaussian();
        double p = 1 / (1 + Math.exp(-(TRUE_W[0] * x[i][0] + TRUE_W[1] * x[i][1] + TRUE_B)));
        y[i][0] = random.nextDouble() < p ? 1 : 0;
      }
      return new Data(x, y);
    }

    Bindings bindings() {
      return Bindings.of("X", Tensor.matrix(x), "y", Tensor.matrix(y));
    }
  }

  static final Data TRAIN = Data.generate(300, 1);
  static final Data TEST = Data.generate(2000, 2);

  final Variable xs = Variable.of("X", 32, 2);
  final Variable ys = Variable.of("y", 32, 1);
  final Variable w = Variable.of("w", 2, 1);
  final Variable b = Variable.of("b", 1);
  final Expr logits = xs.matmul(w).plus(b);
  final Expr loss =
      mean(softplus(logits).minus(ys.times(logits))).plus(sum(square(w)).times(LAMBDA / 2));

  Parameters initial() {
    return Parameters.builder(7)
        .add(w, Initializer.glorotUniform(FanLayout.X_TIMES_W))
        .add(b, Initializer.zeros())
        .build();
  }

  /** The loss in plain Java at θ = (w₀, w₁, b): mean log-loss + λ/2 ‖w‖². */
  static double lossByHand(double[] theta, Data data) {
    double total = 0;
    for (int i = 0; i < data.x.length; i++) {
      double z = theta[0] * data.x[i][0] + theta[1] * data.x[i][1] + theta[2];
      double softplus = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
      total += softplus - data.y[i][0] * z;
    }
    return total / data.x.length + LAMBDA / 2 * (theta[0] * theta[0] + theta[1] * theta[1]);
  }

  static double accuracy(double[] theta, Data data) {
    int correct = 0;
    for (int i = 0; i < data.x.length; i++) {
      double z = theta[0] * data.x[i][0] + theta[1] * data.x[i][1] + theta[2];
      correct += (z > 0) == (data.y[i][0] == 1) ? 1 : 0;
    }
    return (double) correct / data.x.length;
  }

  @Test
  void lbfgsFitsAndEvaluateScoresTheHeldOutData() {
    Parameters params = initial();
    ExprObjective objective = params.objective(loss, TRAIN.bindings()); // 300 rows, not 32

    OptimizationResult result =
        Lbfgs.withDefaults()
            .minimize(objective, params.toPoint(), StoppingRule.gradientNormBelow(1e-10));
    params.update(result.point());

    // The gradient of the plain-Java loss vanishes at the fitted point (central differences).
    double[] theta = result.point();
    double h = 1e-5;
    for (int i = 0; i < 3; i++) {
      double[] up = theta.clone();
      double[] down = theta.clone();
      up[i] += h;
      down[i] -= h;
      double slope = (lossByHand(up, TRAIN) - lossByHand(down, TRAIN)) / (2 * h);
      assertThat(slope)
          .as("∂L/∂θ%s at %s", i, java.util.Arrays.toString(theta))
          .isCloseTo(0, within(1e-8));
    }
    assertThat(result.value()).isCloseTo(lossByHand(theta, TRAIN), within(1e-12));

    // Predictions on 2 000 new rows, in one call, equal σ(x·w + b) by hand.
    Tensor probabilities =
        params.evaluate(sigmoid(logits), Bindings.of("X", Tensor.matrix(TEST.x)));
    assertThat(probabilities.shape().dims()).containsExactly(2000, 1);
    for (int i = 0; i < 2000; i += 97) {
      double z = theta[0] * TEST.x[i][0] + theta[1] * TEST.x[i][1] + theta[2];
      assertThat(probabilities.get(i, 0)).isCloseTo(1 / (1 + Math.exp(-z)), within(1e-15));
    }
    int correct = 0;
    for (int i = 0; i < 2000; i++) {
      correct += (probabilities.get(i, 0) > 0.5) == (TEST.y[i][0] == 1) ? 1 : 0;
    }
    double testAccuracy = correct / 2000.0;
    double bayes = accuracy(new double[] {TRUE_W[0], TRUE_W[1], TRUE_B}, TEST);
    assertThat(testAccuracy)
        .as("test accuracy vs the true model's %s", bayes)
        .isGreaterThan(bayes - 0.02);
    // The held-out loss, through evaluate, is the plain-Java loss on the test set.
    assertThat(params.evaluate(loss, TEST.bindings()).item())
        .isCloseTo(lossByHand(theta, TEST), within(1e-12));
  }

  @Test
  void minibatchAdamWithTheLastBatchKeptReachesTheFullBatchMinimum() {
    Parameters exact = initial();
    OptimizationResult lbfgs =
        Lbfgs.withDefaults()
            .minimize(
                exact.objective(loss, TRAIN.bindings()),
                exact.toPoint(),
                StoppingRule.gradientNormBelow(1e-10));
    Parameters params = initial();
    ExprMinibatchObjective batches =
        ExprMinibatchObjective.of(
            loss,
            params.variables(),
            Map.of(xs, Tensor.matrix(TRAIN.x), ys, Tensor.matrix(TRAIN.y)),
            Bindings.of(),
            3);
    assertThat(batches.batchesPerEpoch()).isEqualTo(10); // 9 × 32 + 12

    OptimizationResult adam =
        FirstOrderMethod.of(Adam.withDefaults(), 0.01)
            .minimize(batches, params.toPoint(), StoppingRule.maxIterations(80L * 10));
    params.update(adam.point());

    double[] theta = params.toPoint();
    // The full objective of the minibatches is the mean over all 300 examples, kept batch included.
    assertThat(batches.valueAndGradient(theta, new double[3]))
        .isCloseTo(lossByHand(theta, TRAIN), within(1e-12));
    assertThat(lossByHand(theta, TRAIN)).isLessThan(lbfgs.value() + 2e-3);
    double fitted = accuracy(theta, TEST);
    double bayes = accuracy(new double[] {TRUE_W[0], TRUE_W[1], TRUE_B}, TEST);
    assertThat(fitted).isGreaterThan(bayes - 0.02);
  }
}
