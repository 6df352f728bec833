package dev.adjoint.optim.firstorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.optim.OptimizationResult;
import dev.adjoint.optim.StoppingRule;
import dev.adjoint.optim.firstorder.MinibatchObjective.Reduction;
import dev.adjoint.optim.quadratic.LeastSquares;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MinibatchObjectiveTest {

  /** ℓᵢ(w) = (w₀ + w₁tᵢ − yᵢ)², tᵢ = i/N, yᵢ = 1 + 2tᵢ + noise. */
  static final int N = 103;

  static final double[] T = new double[N];
  static final double[] Y = new double[N];

  static {
    Random random = new Random(7);
    for (int i = 0; i < N; i++) {
      T[i] = (double) i / N;
      Y[i] = 1 + 2 * T[i] + 0.01 * random.nextGaussian();
    }
  }

  static double squaredError(double[] w, int i, double[] gradientSum) {
    double residual = w[0] + w[1] * T[i] - Y[i];
    gradientSum[0] += 2 * residual;
    gradientSum[1] += 2 * residual * T[i];
    return residual * residual;
  }

  static MinibatchObjective regression(int batchSize, long seed) {
    return MinibatchObjective.of(
        2, N, MinibatchObjectiveTest::squaredError, Reduction.MEAN, batchSize, seed);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 10, 50, 103})
  void everyEpochVisitsEveryExampleExactlyOnce(int batchSize) {
    MinibatchObjective objective = regression(batchSize, 42);
    int batches = objective.batchesPerEpoch();
    assertThat(batches).isEqualTo((N + batchSize - 1) / batchSize);
    for (long epoch = 0; epoch < 3; epoch++) {
      int[] seen = new int[N];
      for (int k = 0; k < batches; k++) {
        for (int example : objective.batch(epoch * batches + k)) {
          seen[example]++;
        }
      }
      assertThat(seen).containsOnly(1);
    }
  }

  @Test
  void shufflesDifferentlyEachEpochAndReproduciblyFromTheSeed() {
    MinibatchObjective first = regression(10, 42);
    MinibatchObjective again = regression(10, 42);
    MinibatchObjective other = regression(10, 43);
    int batches = first.batchesPerEpoch();

    assertThat(first.batch(0)).isNotEqualTo(first.batch(batches));
    assertThat(first.batch(5 * batches + 3)).containsExactly(again.batch(5 * batches + 3));
    assertThat(first.batch(0)).isNotEqualTo(other.batch(0));
  }

  @Test
  void batchValueIsTheMeanOverTheBatchAndFullValueTheMeanOverAll() {
    MinibatchObjective objective = regression(10, 1);
    double[] w = {0.5, 1.5};
    double[] gradient = new double[2];

    double batchValue = objective.sampleValueAndGradient(4, w, gradient);
    int[] batch = objective.batch(4);
    double expected =
        Arrays.stream(batch).mapToDouble(i -> squaredError(w, i, new double[2])).sum()
            / batch.length;
    assertThat(batchValue).isCloseTo(expected, within(1e-14));

    double full = objective.valueAndGradient(w, gradient);
    double expectedFull =
        IntStream.range(0, N).mapToDouble(i -> squaredError(w, i, new double[2])).sum() / N;
    assertThat(full).isCloseTo(expectedFull, within(1e-14));
  }

  @Test
  void firstOrderMethodsDrawOneMinibatchPerUpdate() {
    MinibatchObjective objective = regression(10, 42);
    double[] x0 = {0.2, -0.1};
    double[] g0 = new double[2];
    double batch0 = objective.sampleValueAndGradient(0, x0, g0);

    OptimizationResult result =
        dev.adjoint.optim.Optimization.of(FirstOrderMethod.of(Sgd.plain(), 0.01))
            .stopWhen(StoppingRule.maxIterations(3))
            .recordPoints()
            .minimize(objective, x0);

    assertThat(result.history().get(0).value()).isEqualTo(batch0);
    assertThat(batch0).isNotEqualTo(objective.valueAndGradient(x0, new double[2]));
    double[] x1 = result.history().get(1).point().orElseThrow();
    assertThat(x1).containsExactly(x0[0] - 0.01 * g0[0], x0[1] - 0.01 * g0[1]);
    assertThat(result.history().get(1).value())
        .isEqualTo(objective.sampleValueAndGradient(1, x1, new double[2]));
    assertThat(result.evaluations()).isEqualTo(4);
  }

  @Test
  void sgdOnMinibatchesApproachesTheLeastSquaresSolution() {
    double[][] design = new double[N][];
    for (int i = 0; i < N; i++) {
      design[i] = new double[] {1, T[i]};
    }
    double[] exact = LeastSquares.of(design, Y).solveNormalEquations();

    OptimizationResult result =
        FirstOrderMethod.of(Sgd.momentum(0.9), 0.05)
            .minimize(regression(8, 3), new double[] {0, 0}, StoppingRule.maxIterations(3000));

    assertThat(result.point()[0]).isCloseTo(exact[0], within(0.02));
    assertThat(result.point()[1]).isCloseTo(exact[1], within(0.04));
  }

  @Test
  void adamOnMinibatchesApproachesTheLeastSquaresSolution() {
    double[][] design = new double[N][];
    for (int i = 0; i < N; i++) {
      design[i] = new double[] {1, T[i]};
    }
    double[] exact = LeastSquares.of(design, Y).solveNormalEquations();

    OptimizationResult result =
        FirstOrderMethod.of(
                Adam.withDefaults(),
                LearningRateSchedule.cosine(0.05, 3000, 1e-4),
                "cosine(0.05, 3000, 1e-4)")
            .minimize(regression(16, 3), new double[] {0, 0}, StoppingRule.maxIterations(3000));

    assertThat(result.point()[0]).isCloseTo(exact[0], within(0.02));
    assertThat(result.point()[1]).isCloseTo(exact[1], within(0.04));
  }

  @Test
  void rejectsInvalidArguments() {
    assertThatThrownBy(
            () ->
                MinibatchObjective.of(
                    2, 10, MinibatchObjectiveTest::squaredError, Reduction.SUM, 11, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch size");
    assertThatThrownBy(() -> MinibatchObjective.of(2, 10, null, Reduction.SUM, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    MinibatchObjective objective = regression(10, 0);
    assertThatThrownBy(() -> objective.valueAndGradient(new double[3], new double[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length 2");
    assertThatThrownBy(() -> objective.batch(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
