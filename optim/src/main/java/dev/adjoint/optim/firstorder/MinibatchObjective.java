package dev.adjoint.optim.firstorder;

import static com.google.common.base.Preconditions.checkArgument;

import dev.adjoint.optim.StochasticObjective;
import java.util.Arrays;

/**
 * A loss over N examples, f(x) = Σᵢ ℓᵢ(x) ({@link Reduction#SUM}) or (1/N) Σᵢ ℓᵢ(x) ({@link
 * Reduction#MEAN}), sampled by shuffled minibatches epoch by epoch.
 *
 * <p>Draw t belongs to epoch e = ⌊t / K⌋ and is batch k = t mod K of it. Each epoch orders the
 * examples by a Fisher–Yates shuffle by {@code new java.util.Random(seed + e)}; so batch t is a
 * pure function of (seed, t) and a resumed run draws the same batches. With {@link LastBatch#KEEP}
 * (the default) there are K = ⌈N / B⌉ batches per epoch, the last one of N mod B examples when B
 * does not divide N, and every epoch visits every example exactly once; with {@link LastBatch#DROP}
 * there are K = ⌊N / B⌋ batches, all of B examples, and the N mod B examples at the end of an
 * epoch's shuffle are skipped in that epoch.
 *
 * <p>A batch's value and gradient use the same reduction over the batch's own examples: with {@link
 * Reduction#MEAN} a partial batch of m &lt; B examples is divided by m, not by B. The full
 * objective ({@link #valueAndGradient}) is over all N examples whatever the last-batch choice.
 *
 * <p>Not thread-safe: it caches the current epoch's permutation.
 */
public final class MinibatchObjective implements StochasticObjective {

  /** How example losses are combined. */
  public enum Reduction {
    /** Σᵢ ℓᵢ. */
    SUM,
    /** (1/N) Σᵢ ℓᵢ. */
    MEAN
  }

  /** The loss ℓᵢ of one example, with its gradient. */
  @FunctionalInterface
  public interface ExampleLoss {
    /** Returns ℓᵢ(x) and adds ∇ℓᵢ(x) into {@code gradientSum}. */
    double addValueAndGradient(double[] x, int example, double[] gradientSum);
  }

  private final int dimension;
  private final int exampleCount;
  private final ExampleLoss loss;
  private final Reduction reduction;
  private final LastBatch lastBatch;
  private final EpochShuffle shuffle;

  private MinibatchObjective(
      int dimension,
      int exampleCount,
      ExampleLoss loss,
      Reduction reduction,
      int batchSize,
      LastBatch lastBatch,
      long seed) {
    this.dimension = dimension;
    this.exampleCount = exampleCount;
    this.loss = loss;
    this.reduction = reduction;
    this.lastBatch = lastBatch;
    this.shuffle =
        new EpochShuffle(
            exampleCount, batchSize, lastBatch.batchesPerEpoch(exampleCount, batchSize), seed);
  }

  /**
   * A minibatch objective that keeps the last, smaller batch of each epoch ({@link
   * LastBatch#KEEP}).
   *
   * @throws IllegalArgumentException if a count is not positive, the batch is larger than the data,
   *     or the loss or reduction is null
   */
  public static MinibatchObjective of(
      int dimension,
      int exampleCount,
      ExampleLoss loss,
      Reduction reduction,
      int batchSize,
      long seed) {
    return of(dimension, exampleCount, loss, reduction, batchSize, LastBatch.KEEP, seed);
  }

  /**
   * A minibatch objective that keeps or drops the last, smaller batch of each epoch.
   *
   * @throws IllegalArgumentException if a count is not positive, the batch is larger than the data,
   *     or the loss, reduction or last-batch choice is null
   */
  public static MinibatchObjective of(
      int dimension,
      int exampleCount,
      ExampleLoss loss,
      Reduction reduction,
      int batchSize,
      LastBatch lastBatch,
      long seed) {
    checkArgument(dimension >= 1, "dimension must be ≥ 1, got %s", dimension);
    checkArgument(exampleCount >= 1, "example count must be ≥ 1, got %s", exampleCount);
    checkArgument(loss != null, "example loss is null");
    checkArgument(reduction != null, "reduction is null");
    checkArgument(lastBatch != null, "last-batch choice is null (LastBatch.KEEP or DROP)");
    checkArgument(
        batchSize >= 1 && batchSize <= exampleCount,
        "batch size must be in [1, %s], got %s",
        exampleCount,
        batchSize);
    return new MinibatchObjective(
        dimension, exampleCount, loss, reduction, batchSize, lastBatch, seed);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  /** The number N of examples. */
  public int exampleCount() {
    return exampleCount;
  }

  /** Whether the last, smaller batch of an epoch is kept or dropped. */
  public LastBatch lastBatch() {
    return lastBatch;
  }

  /** The number K of batches per epoch: ⌈N / B⌉ when keeping the last batch, ⌊N / B⌋ when not. */
  public int batchesPerEpoch() {
    return shuffle.batchesPerEpoch();
  }

  /** The example indices of draw t. */
  public int[] batch(long draw) {
    return shuffle.batch(draw);
  }

  @Override
  public double valueAndGradient(double[] x, double[] gradient) {
    checkLengths(x, gradient);
    Arrays.fill(gradient, 0);
    double value = 0;
    for (int i = 0; i < exampleCount; i++) {
      value += loss.addValueAndGradient(x, i, gradient);
    }
    return reduce(value, gradient, exampleCount);
  }

  @Override
  public double sampleValueAndGradient(long draw, double[] x, double[] gradient) {
    checkLengths(x, gradient);
    int[] examples = batch(draw);
    Arrays.fill(gradient, 0);
    double value = 0;
    for (int example : examples) {
      value += loss.addValueAndGradient(x, example, gradient);
    }
    return reduce(value, gradient, examples.length);
  }

  private double reduce(double value, double[] gradient, int count) {
    if (reduction == Reduction.SUM) {
      return value;
    }
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] /= count;
    }
    return value / count;
  }

  private void checkLengths(double[] x, double[] gradient) {
    checkArgument(
        x != null && x.length == dimension,
        "x must have length %s, got %s",
        dimension,
        x == null ? null : x.length);
    checkArgument(
        gradient != null && gradient.length == dimension,
        "gradient must have length %s, got %s",
        dimension,
        gradient == null ? null : gradient.length);
  }
}
