package dev.adjoint.optim;

import java.util.Optional;

/**
 * What happened in one iteration of a run: passed to {@link StoppingRule}s and {@link
 * IterationListener}s and kept in the result's history. Iteration 0 is the starting point.
 *
 * <p>Immutable; {@link #point()} returns a copy.
 *
 * <p>Immutable and thread-safe.
 */
public final class IterationRecord {
  private final long iteration;
  private final double value;
  private final double previousValue;
  private final double gradientNorm;
  private final double stepNorm;
  private final double stepLength;
  private final long evaluations;
  private final long elapsedNanos;
  private final double[] point;

  IterationRecord(
      long iteration,
      double value,
      double previousValue,
      double gradientNorm,
      double stepNorm,
      double stepLength,
      long evaluations,
      long elapsedNanos,
      double[] point) {
    this.iteration = iteration;
    this.value = value;
    this.previousValue = previousValue;
    this.gradientNorm = gradientNorm;
    this.stepNorm = stepNorm;
    this.stepLength = stepLength;
    this.evaluations = evaluations;
    this.elapsedNanos = elapsedNanos;
    this.point = point;
  }

  /** The iteration number k; 0 for the starting point. */
  public long iteration() {
    return iteration;
  }

  /** f(x_k). */
  public double value() {
    return value;
  }

  /** f(x_{k−1}); NaN at iteration 0. */
  public double previousValue() {
    return previousValue;
  }

  /** ‖∇f(x_k)‖∞. */
  public double gradientNorm() {
    return gradientNorm;
  }

  /** ‖x_k − x_{k−1}‖∞; NaN at iteration 0. */
  public double stepNorm() {
    return stepNorm;
  }

  /**
   * The step length taken: the line-search step α_k for line-search methods, the learning rate for
   * first-order steppers; NaN at iteration 0.
   */
  public double stepLength() {
    return stepLength;
  }

  /** Evaluations of f and ∇f so far in the run (they are always evaluated together). */
  public long evaluations() {
    return evaluations;
  }

  /** Wall time since the run started (or resumed), in nanoseconds. */
  public long elapsedNanos() {
    return elapsedNanos;
  }

  /** A copy of x_k, if the run was asked to record points. */
  public Optional<double[]> point() {
    return point == null ? Optional.empty() : Optional.of(point.clone());
  }

  @Override
  public String toString() {
    return String.format(
        "k=%d f=%.10g ‖∇f‖∞=%.3g step=%.3g α=%.3g evaluations=%d",
        iteration, value, gradientNorm, stepNorm, stepLength, evaluations);
  }
}
