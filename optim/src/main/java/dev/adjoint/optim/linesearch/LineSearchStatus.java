package dev.adjoint.optim.linesearch;

/**
 * How a line search ended. Only {@link #SATISFIED} gives a step the caller may take.
 *
 * <p>Immutable and thread-safe.
 */
public enum LineSearchStatus {
  /** The returned step satisfies the search's conditions. */
  SATISFIED,
  /** φ′(0) ≥ 0: the direction is not a descent direction; nothing was evaluated. */
  NOT_A_DESCENT_DIRECTION,
  /** The maximum number of evaluations was reached without an acceptable step. */
  EVALUATION_LIMIT,
  /** The step or the bracketing interval became too small to make progress in floating point. */
  STEP_TOO_SMALL
}
