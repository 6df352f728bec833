package dev.adjoint.optim;

/**
 * One run of a {@link Minimizer} in progress: the current iterate x_k with f(x_k) and ∇f(x_k), and
 * the method's memory. Mutable and single-threaded; driven by {@link Optimization}.
 *
 * <p>Invariant: f and ∇f are finite at the current point, except possibly at the starting point
 * (the driver stops at once then). A step either moves to a new point where both are finite or
 * fails and stays.
 *
 * <p>Not thread-safe: a run holds the optimizer's state; step it from one thread.
 */
public interface MinimizerRun {

  /** The current point x_k (a live view; do not modify). */
  double[] point();

  /** f(x_k). */
  double value();

  /** ∇f(x_k) (a live view; do not modify). */
  double[] gradient();

  /** Takes one iteration. */
  StepOutcome step();

  /** Writes the method's state (point, value, gradient and memory) into {@code state}. */
  void save(OptimizerState.Builder state);
}
