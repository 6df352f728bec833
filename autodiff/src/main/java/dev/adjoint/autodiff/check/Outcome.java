package dev.adjoint.autodiff.check;

/**
 * The verdict of a gradient check. Only {@link #PASS} is a pass.
 *
 * <p>Immutable and thread-safe.
 */
public enum Outcome {
  /** Every element was judged and every comparison agreed. */
  PASS,
  /** Some comparison disagreed. */
  FAIL,
  /**
   * Nothing disagreed, but some elements could not be judged numerically (the loss is not finite
   * there, it jumps, or its difference quotients did not settle); not a pass.
   */
  INCONCLUSIVE;

  /** The worse of two outcomes: FAIL over INCONCLUSIVE over PASS. */
  Outcome and(Outcome other) {
    if (this == FAIL || other == FAIL) {
      return FAIL;
    }
    return this == INCONCLUSIVE || other == INCONCLUSIVE ? INCONCLUSIVE : PASS;
  }
}
