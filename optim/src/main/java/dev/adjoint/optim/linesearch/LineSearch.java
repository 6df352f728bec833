package dev.adjoint.optim.linesearch;

/**
 * Chooses a step α > 0 along φ(α) = f(x + αd), where d is a descent direction (φ′(0) &lt; 0).
 * Usable with any direction: implementations only see φ.
 *
 * <p>Implementations are immutable and thread-safe; each call is independent.
 */
public interface LineSearch {

  /**
   * Searches from {@code initialStep}.
   *
   * @param function φ and φ′
   * @param value0 φ(0), finite
   * @param derivative0 φ′(0), finite; if ≥ 0 the result is {@link
   *     LineSearchStatus#NOT_A_DESCENT_DIRECTION} and nothing is evaluated
   * @param initialStep the first trial α₀ > 0
   * @throws IllegalArgumentException if {@code value0} or {@code derivative0} is not finite or
   *     {@code initialStep} is not positive and finite
   */
  LineSearchResult search(
      LineFunction function, double value0, double derivative0, double initialStep);

  /** A short description with the parameters, e.g. {@code "StrongWolfe(c1=1e-4, c2=0.9)"}. */
  String name();
}
