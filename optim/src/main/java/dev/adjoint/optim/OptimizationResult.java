package dev.adjoint.optim;

import com.google.common.collect.ImmutableList;

/**
 * The outcome of a run: the final point x, f(x), ∇f(x) and its ∞-norm, how many iterations and
 * evaluations it took, why it stopped ({@link #status()} and a human-readable {@link #message()}),
 * the per-iteration history, and the {@link OptimizerState} to resume from.
 *
 * <p>The point is always one where f and ∇f were finite (or the starting point if they were not
 * finite there): a run never returns NaN parameters. A run that did not converge returns the best
 * point it evaluated (see {@link Optimization}). Immutable; arrays are copied out.
 *
 * <p>Immutable and thread-safe.
 */
public final class OptimizationResult {
  private final String method;
  private final double[] point;
  private final double value;
  private final double[] gradient;
  private final long iterations;
  private final long evaluations;
  private final long hessianEvaluations;
  private final long hessianVectorProducts;
  private final Termination termination;
  private final ImmutableList<IterationRecord> history;
  private final OptimizerState state;
  private final long elapsedNanos;

  OptimizationResult(
      String method,
      double[] point,
      double value,
      double[] gradient,
      long iterations,
      long evaluations,
      long hessianEvaluations,
      long hessianVectorProducts,
      Termination termination,
      ImmutableList<IterationRecord> history,
      OptimizerState state,
      long elapsedNanos) {
    this.method = method;
    this.point = point.clone();
    this.value = value;
    this.gradient = gradient.clone();
    this.iterations = iterations;
    this.evaluations = evaluations;
    this.hessianEvaluations = hessianEvaluations;
    this.hessianVectorProducts = hessianVectorProducts;
    this.termination = termination;
    this.history = history;
    this.state = state;
    this.elapsedNanos = elapsedNanos;
  }

  /** The {@link Minimizer#name()} of the method. */
  public String method() {
    return method;
  }

  /** A copy of the final point x. */
  public double[] point() {
    return point.clone();
  }

  /** f(x) at the final point. */
  public double value() {
    return value;
  }

  /** A copy of ∇f(x) at the final point. */
  public double[] gradient() {
    return gradient.clone();
  }

  /** ‖∇f(x)‖∞ at the final point. */
  public double gradientNorm() {
    return Vectors.normInf(gradient);
  }

  /** Iterations completed (counting from the original start when resumed). */
  public long iterations() {
    return iterations;
  }

  /** Evaluations of f (each also computed ∇f), counting from the original start when resumed. */
  public long evaluations() {
    return evaluations;
  }

  /** Evaluations of ∇f; equal to {@link #evaluations()} since both are computed together. */
  public long gradientEvaluations() {
    return evaluations;
  }

  /** Evaluations of the full Hessian in this call. */
  public long hessianEvaluations() {
    return hessianEvaluations;
  }

  /** Hessian-vector products in this call. */
  public long hessianVectorProducts() {
    return hessianVectorProducts;
  }

  /** Why the run stopped. */
  public Status status() {
    return termination.status();
  }

  /** A human-readable reason, naming the rule and the numbers. */
  public String message() {
    return termination.message();
  }

  /** Whether a convergence test was met. */
  public boolean isConverged() {
    return termination.status().isConverged();
  }

  /** One record per iteration of this call, starting with the starting (or resumed) point. */
  public ImmutableList<IterationRecord> history() {
    return history;
  }

  /** The state to {@link Optimization#resume} from. */
  public OptimizerState state() {
    return state;
  }

  /** Wall time of this call in nanoseconds. */
  public long elapsedNanos() {
    return elapsedNanos;
  }

  @Override
  public String toString() {
    return String.format(
        "%s: %s after %d iterations, %d evaluations: f = %.10g, ‖∇f‖∞ = %.3g (%s)",
        method,
        termination.status(),
        iterations,
        evaluations,
        value,
        gradientNorm(),
        termination.message());
  }
}
