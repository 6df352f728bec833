package dev.adjoint.optim;

/**
 * Why a run stopped. {@link #isConverged()} tells the three convergence tests from the rest.
 *
 * <p>Immutable and thread-safe.
 */
public enum Status {
  /** Converged: the gradient's ∞-norm fell below its tolerance. */
  CONVERGED_GRADIENT_NORM(true),
  /** Converged: the relative change of f in one iteration fell below its tolerance. */
  CONVERGED_VALUE_CHANGE(true),
  /** Converged: the ∞-norm of the step x_{k+1} − x_k fell below its tolerance. */
  CONVERGED_STEP_SIZE(true),
  /** Stopped: the maximum number of iterations was reached. */
  ITERATION_LIMIT(false),
  /** Stopped: the maximum number of function evaluations was reached. */
  EVALUATION_LIMIT(false),
  /** Stopped: the wall-time budget was used up. */
  TIME_LIMIT(false),
  /**
   * Failed: the line search found no acceptable step; the point is the best one evaluated, which
   * may be a trial point of the failed search.
   */
  LINE_SEARCH_FAILED(false),
  /**
   * Failed: f, its gradient or a slope along the search direction was not finite; the point is the
   * best one where f and the gradient were.
   */
  NON_FINITE_VALUE(false),
  /**
   * Failed: f is unbounded below or blew up (see {@link Optimization}), or grew beyond a limit set
   * with {@link StoppingRule#valueAbove}.
   */
  DIVERGED(false);

  private final boolean converged;

  Status(boolean converged) {
    this.converged = converged;
  }

  /** Whether this status means a convergence test was met. */
  public boolean isConverged() {
    return converged;
  }
}
