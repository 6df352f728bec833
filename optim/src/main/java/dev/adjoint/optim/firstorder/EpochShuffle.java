package dev.adjoint.optim.firstorder;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.Random;

/**
 * Shuffled minibatches epoch by epoch: draw t is batch k = t mod K of epoch e = ⌊t / K⌋, whose
 * order is a Fisher–Yates shuffle of the N examples by {@code new java.util.Random(seed + e)}. A
 * pure function of (seed, t); caches the current epoch's permutation, so not thread-safe.
 */
final class EpochShuffle {
  private final int exampleCount;
  private final int batchSize;
  private final int batchesPerEpoch;
  private final long seed;
  private final int[] permutation;
  private long cachedEpoch = -1;

  EpochShuffle(int exampleCount, int batchSize, int batchesPerEpoch, long seed) {
    this.exampleCount = exampleCount;
    this.batchSize = batchSize;
    this.batchesPerEpoch = batchesPerEpoch;
    this.seed = seed;
    this.permutation = new int[exampleCount];
  }

  int batchesPerEpoch() {
    return batchesPerEpoch;
  }

  /** The example indices of draw t (the last batch of an epoch may be smaller). */
  int[] batch(long draw) {
    checkArgument(draw >= 0, "draw must be ≥ 0, got %s", draw);
    long epoch = draw / batchesPerEpoch;
    int index = (int) (draw % batchesPerEpoch);
    shuffleFor(epoch);
    int from = index * batchSize;
    int to = Math.min(exampleCount, from + batchSize);
    return Arrays.copyOfRange(permutation, from, to);
  }

  private void shuffleFor(long epoch) {
    if (epoch == cachedEpoch) {
      return;
    }
    for (int i = 0; i < exampleCount; i++) {
      permutation[i] = i;
    }
    Random random = new Random(seed + epoch);
    for (int i = exampleCount - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = permutation[i];
      permutation[i] = permutation[j];
      permutation[j] = swap;
    }
    cachedEpoch = epoch;
  }
}
