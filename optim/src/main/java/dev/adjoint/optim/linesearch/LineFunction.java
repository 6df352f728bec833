package dev.adjoint.optim.linesearch;

/**
 * A function of one variable φ(α) with its derivative φ′(α), typically φ(α) = f(x + αd) and φ′(α) =
 * ∇f(x + αd)ᵀd along a direction d. Value and derivative come from one evaluation.
 *
 * <p>Implementations need not be thread-safe: a line search calls its function from one thread.
 */
@FunctionalInterface
public interface LineFunction {
  /** Evaluates φ and φ′ at {@code step}. */
  LinePoint evaluate(double step);
}
