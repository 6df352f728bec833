package dev.adjoint.optim.firstorder;

/**
 * What an epoch does with the last N mod B examples of its shuffle when the batch size B does not
 * divide the number of examples N: PyTorch's {@code DataLoader(drop_last=…)}.
 *
 * <p>{@link #KEEP} (the default, as PyTorch's {@code drop_last=False}) gives ⌈N / B⌉ batches per
 * epoch, the last one of N mod B examples, so every example is seen exactly once per epoch. {@link
 * #DROP} gives ⌊N / B⌋ batches, all of size B; the examples left over by an epoch's shuffle are not
 * seen in that epoch (a different set each epoch). When B divides N the two are the same.
 *
 * <p>A mean-reduced batch loss averages a partial batch over its own size, never over B.
 *
 * <p>Immutable and thread-safe.
 */
public enum LastBatch {
  /** Keep the last, smaller batch: ⌈N / B⌉ batches per epoch. */
  KEEP,
  /** Drop the last, smaller batch: ⌊N / B⌋ batches per epoch, all of size B. */
  DROP;

  /** The number of batches per epoch for N examples in batches of B. */
  int batchesPerEpoch(int exampleCount, int batchSize) {
    return this == KEEP ? (exampleCount + batchSize - 1) / batchSize : exampleCount / batchSize;
  }
}
