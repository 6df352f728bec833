package dev.adjoint.optim.firstorder;

import static dev.adjoint.autodiff.Exprs.mean;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.optim.Optimization;
import dev.adjoint.optim.OptimizationResult;
import dev.adjoint.optim.StoppingRule;
import dev.adjoint.optim.firstorder.MinibatchObjective.Reduction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keeping or dropping the last, smaller batch (N = 10 examples in batches of 4): batch sizes per
 * epoch, coverage, and that a partial batch is averaged over its own size. Expected values are
 * computed here from the examples of each batch, not by the objectives.
 */
class LastBatchTest {
  static final int N = 10;
  static final int B = 4;
  static final int D = 3;
  static final double[][] FEATURES = new double[N][D];
  static final double[][] TARGETS = new double[N][1];
  static final double[] W = {0.7, -1.3, 0.4};

  static {
    Random random = new Random(5);
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < D; j++) {
        FEATURES[i][j] = random.nextGaussian();
      }
      TARGETS[i][0] = random.nextGaussian();
    }
  }

  /** The residual rᵢ = xᵢ·w − yᵢ. */
  static double residual(double[] w, int i) {
    double r = -TARGETS[i][0];
    for (int j = 0; j < D; j++) {
      r += FEATURES[i][j] * w[j];
    }
    return r;
  }

  /** Mean of rᵢ² over {@code examples}, and its gradient (2/m) Σ rᵢ xᵢ into {@code gradient}. */
  static double meanSquaredError(double[] w, int[] examples, double[] gradient) {
    double value = 0;
    Arrays.fill(gradient, 0);
    for (int i : examples) {
      double r = residual(w, i);
      value += r * r;
      for (int j = 0; j < D; j++) {
        gradient[j] += 2 * r * FEATURES[i][j];
      }
    }
    for (int j = 0; j < D; j++) {
      gradient[j] /= examples.length;
    }
    return value / examples.length;
  }

  static int[] range(int from, int to) {
    int[] rows = new int[to - from];
    for (int i = from; i < to; i++) {
      rows[i - from] = i;
    }
    return rows;
  }

  static MinibatchObjective java(LastBatch lastBatch) {
    return MinibatchObjective.of(
        D,
        N,
        (w, i, gradientSum) -> {
          double r = residual(w, i);
          for (int j = 0; j < D; j++) {
            gradientSum[j] += 2 * r * FEATURES[i][j];
          }
          return r * r;
        },
        Reduction.MEAN,
        B,
        lastBatch,
        17);
  }

  final Variable w = Variable.of("w", D, 1);
  final Variable xs = Variable.of("X", B, D);
  final Variable ys = Variable.of("y", B, 1);

  ExprMinibatchObjective expr(Expr loss, LastBatch lastBatch) {
    return ExprMinibatchObjective.of(
        loss,
        List.of(w),
        Map.of(xs, Tensor.matrix(FEATURES), ys, Tensor.matrix(TARGETS)),
        Bindings.of(),
        lastBatch,
        17);
  }

  ExprMinibatchObjective expr(LastBatch lastBatch) {
    return expr(mean(square(xs.matmul(w).minus(ys))), lastBatch);
  }

  /** Batch sizes of the first {@code epochs} epochs, epoch by epoch, with their examples. */
  static List<List<int[]>> epochs(StochasticBatches batches, int epochs) {
    List<List<int[]>> result = new ArrayList<>();
    int k = batches.batchesPerEpoch();
    for (int e = 0; e < epochs; e++) {
      List<int[]> epoch = new ArrayList<>();
      for (int b = 0; b < k; b++) {
        epoch.add(batches.batch((long) e * k + b));
      }
      result.add(epoch);
    }
    return result;
  }

  /** The batch-drawing part shared by both objectives. */
  interface StochasticBatches {
    int batchesPerEpoch();

    int[] batch(long draw);
  }

  static StochasticBatches of(MinibatchObjective o) {
    return new StochasticBatches() {
      @Override
      public int batchesPerEpoch() {
        return o.batchesPerEpoch();
      }

      @Override
      public int[] batch(long draw) {
        return o.batch(draw);
      }
    };
  }

  static StochasticBatches of(ExprMinibatchObjective o) {
    return new StochasticBatches() {
      @Override
      public int batchesPerEpoch() {
        return o.batchesPerEpoch();
      }

      @Override
      public int[] batch(long draw) {
        return o.batch(draw);
      }
    };
  }

  static void assertKeepsEveryExampleOncePerEpoch(StochasticBatches batches) {
    assertThat(batches.batchesPerEpoch()).isEqualTo(3);
    for (List<int[]> epoch : epochs(batches, 6)) {
      assertThat(epoch.stream().mapToInt(b -> b.length).toArray()).containsExactly(4, 4, 2);
      List<Integer> seen = new ArrayList<>();
      for (int[] batch : epoch) {
        for (int i : batch) {
          seen.add(i);
        }
      }
      assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
  }

  static void assertDropsTheLastTwoOfEachShuffle(StochasticBatches batches) {
    assertThat(batches.batchesPerEpoch()).isEqualTo(2);
    Set<Set<Integer>> skippedSets = new HashSet<>();
    for (List<int[]> epoch : epochs(batches, 6)) {
      assertThat(epoch.stream().mapToInt(b -> b.length).toArray()).containsExactly(4, 4);
      Set<Integer> skipped = new HashSet<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
      for (int[] batch : epoch) {
        for (int i : batch) {
          assertThat(skipped.remove(i)).as("example %s seen twice in one epoch", i).isTrue();
        }
      }
      assertThat(skipped).hasSize(2);
      skippedSets.add(skipped);
    }
    assertThat(skippedSets)
        .as("the skipped examples change from epoch to epoch")
        .hasSizeGreaterThan(1);
  }

  @Test
  void keepingIsTheDefaultAndGivesBatchesOfFourFourTwo() {
    MinibatchObjective byDefault =
        MinibatchObjective.of(D, N, (x, i, g) -> 0, Reduction.MEAN, B, 17);
    assertThat(byDefault.lastBatch()).isEqualTo(LastBatch.KEEP);
    assertThat(expr(mean(square(xs.matmul(w).minus(ys))), LastBatch.KEEP).lastBatch())
        .isEqualTo(LastBatch.KEEP);
    ExprMinibatchObjective exprDefault =
        ExprMinibatchObjective.of(
            mean(square(xs.matmul(w).minus(ys))),
            List.of(w),
            Map.of(xs, Tensor.matrix(FEATURES), ys, Tensor.matrix(TARGETS)),
            Bindings.of(),
            17);
    assertThat(exprDefault.lastBatch()).isEqualTo(LastBatch.KEEP);

    assertKeepsEveryExampleOncePerEpoch(of(byDefault));
    assertKeepsEveryExampleOncePerEpoch(of(exprDefault));
  }

  @Test
  void droppingGivesBatchesOfFourFour() {
    assertDropsTheLastTwoOfEachShuffle(of(java(LastBatch.DROP)));
    assertDropsTheLastTwoOfEachShuffle(of(expr(LastBatch.DROP)));
  }

  @ParameterizedTest
  @EnumSource(LastBatch.class)
  void bothObjectivesDrawTheSameBatches(LastBatch lastBatch) {
    MinibatchObjective java = java(lastBatch);
    ExprMinibatchObjective expr = expr(lastBatch);
    for (long draw = 0; draw < 20; draw++) {
      assertThat(expr.batch(draw)).containsExactly(java.batch(draw));
    }
  }

  @ParameterizedTest
  @EnumSource(LastBatch.class)
  void everyBatchIsAveragedOverItsOwnSize(LastBatch lastBatch) {
    MinibatchObjective java = java(lastBatch);
    ExprMinibatchObjective expr = expr(lastBatch);
    double[] gradient = new double[D];
    double[] expected = new double[D];
    for (long draw = 0; draw < 3 * java.batchesPerEpoch(); draw++) {
      int[] examples = java.batch(draw);
      double value = meanSquaredError(W, examples, expected);
      String batch = "draw " + draw + " " + Arrays.toString(examples);

      assertThat(java.sampleValueAndGradient(draw, W, gradient))
          .as(batch)
          .isCloseTo(value, within(1e-13));
      assertThat(gradient).as(batch).containsExactly(expected, within(1e-13));
      assertThat(expr.sampleValueAndGradient(draw, W, gradient))
          .as(batch)
          .isCloseTo(value, within(1e-13));
      assertThat(gradient).as(batch).containsExactly(expected, within(1e-13));
    }
  }

  @Test
  void thePartialBatchIsNotDividedByTheFullBatchSize() {
    ExprMinibatchObjective expr = expr(LastBatch.KEEP);
    int[] last = expr.batch(2);
    double[] gradient = new double[D];
    double sumOfSquares = 0;
    for (int i : last) {
      sumOfSquares += residual(W, i) * residual(W, i);
    }

    double value = expr.sampleValueAndGradient(2, W, gradient);

    assertThat(last).hasSize(2);
    assertThat(value).isCloseTo(sumOfSquares / 2, within(1e-13));
    assertThat(value).isNotCloseTo(sumOfSquares / 4, within(1e-3));
  }

  @Test
  void theFullObjectiveIsTheMeanOverTheExamplesItCovers() {
    double[] gradient = new double[D];
    double[] expected = new double[D];

    double keep = expr(LastBatch.KEEP).valueAndGradient(W, gradient);
    assertThat(keep).isCloseTo(meanSquaredError(W, range(0, N), expected), within(1e-13));
    assertThat(gradient).containsExactly(expected, within(1e-13));

    double drop = expr(LastBatch.DROP).valueAndGradient(W, gradient);
    assertThat(drop).isCloseTo(meanSquaredError(W, range(0, 8), expected), within(1e-13));
    assertThat(gradient).containsExactly(expected, within(1e-13));
  }

  @ParameterizedTest
  @EnumSource(LastBatch.class)
  void theHessianVectorProductIsWeightedLikeTheValue(LastBatch lastBatch) {
    int covered = lastBatch == LastBatch.KEEP ? N : 8;
    double[] v = {1, -2, 0.5};
    double[] expected = new double[D];
    // H = (2/n) Σ xᵢ xᵢᵀ over the covered examples.
    for (int i = 0; i < covered; i++) {
      double xv = 0;
      for (int j = 0; j < D; j++) {
        xv += FEATURES[i][j] * v[j];
      }
      for (int j = 0; j < D; j++) {
        expected[j] += 2 * FEATURES[i][j] * xv / covered;
      }
    }
    double[] product = new double[D];

    expr(lastBatch).hessianVectorProduct(W, v, product);

    assertThat(product).containsExactly(expected, within(1e-13));
  }

  @Test
  void aLossThatFixesTheBatchSizeIsRejectedWhenKeepingAndWorksWhenDropping() {
    // Per-example weights as a [4×1] constant: the loss cannot hold a batch of 2.
    Expr weights = Constant.of(Tensor.of(Shape.of(B, 1), 1, 2, 3, 4));
    Expr loss = sum(square(xs.matmul(w).minus(ys)).times(weights));

    assertThatThrownBy(() -> expr(loss, LastBatch.KEEP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the last batch of each epoch has 2 examples")
        .hasMessageContaining("LastBatch.DROP");
    assertThat(expr(loss, LastBatch.DROP).batchesPerEpoch()).isEqualTo(2);
  }

  @Test
  void aLastBatchOfOneCannotBroadcastSilentlyAgainstAFixedSize() {
    // N = 9, B = 4: the last batch has 1 example, which would broadcast against the [4×1] weights.
    Expr weights = Constant.of(Tensor.of(Shape.of(B, 1), 1, 2, 3, 4));
    Expr loss = sum(square(xs.matmul(w).minus(ys)).times(weights));
    double[][] features = Arrays.copyOf(FEATURES, 9);
    double[][] targets = Arrays.copyOf(TARGETS, 9);

    assertThatThrownBy(
            () ->
                ExprMinibatchObjective.of(
                    loss,
                    List.of(w),
                    Map.of(xs, Tensor.matrix(features), ys, Tensor.matrix(targets)),
                    Bindings.of(),
                    LastBatch.KEEP,
                    17))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 1 example,")
        .hasMessageContaining("fixes the number of examples");
  }

  @ParameterizedTest
  @EnumSource(LastBatch.class)
  void aResumedRunDrawsTheSameBatchesIncludingThePartialOnes(LastBatch lastBatch) {
    FirstOrderMethod adam = FirstOrderMethod.of(Adam.withDefaults(), 0.05);
    ExprMinibatchObjective objective = expr(lastBatch);
    OptimizationResult full =
        Optimization.of(adam)
            .stopWhen(StoppingRule.maxIterations(25))
            .minimize(objective, new double[D]);
    OptimizationResult first =
        Optimization.of(adam)
            .stopWhen(StoppingRule.maxIterations(7))
            .minimize(objective, new double[D]);

    OptimizationResult resumed =
        Optimization.of(adam)
            .stopWhen(StoppingRule.maxIterations(25))
            .resume(expr(lastBatch), first.state());

    assertThat(resumed.point()).containsExactly(full.point());
    assertThat(resumed.value()).isEqualTo(full.value());
  }

  @Test
  void rejectsANullChoice() {
    assertThatThrownBy(
            () -> MinibatchObjective.of(D, N, (x, i, g) -> 0, Reduction.MEAN, B, null, 17))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LastBatch.KEEP or DROP");
    assertThatThrownBy(() -> expr(mean(square(xs.matmul(w).minus(ys))), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LastBatch.KEEP or DROP");
  }
}
