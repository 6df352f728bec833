package dev.adjoint.optim.linesearch;

/**
 * The outcome of a line search: its status, a human-readable message, the number of evaluations of
 * φ, and — when {@link #isSatisfied()} — the accepted point (α, φ(α), φ′(α)). On failure {@link
 * #point()} is the last point evaluated (or α = 0 if none was), for diagnosis only.
 *
 * <p>Immutable and thread-safe.
 *
 * @param status how the search ended
 * @param point the accepted point, or the last evaluated one on failure
 * @param evaluations evaluations of φ made
 * @param message what happened, with the numbers
 */
public record LineSearchResult(
    LineSearchStatus status, LinePoint point, int evaluations, String message) {

  /** Whether {@link #point()} satisfies the search's conditions. */
  public boolean isSatisfied() {
    return status == LineSearchStatus.SATISFIED;
  }

  /** The accepted step α. */
  public double step() {
    return point.step();
  }
}
