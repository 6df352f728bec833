package dev.adjoint.optim.linesearch;

/**
 * One evaluation of a line function: the step α, φ(α) and φ′(α).
 *
 * <p>Immutable and thread-safe.
 *
 * @param step the step α
 * @param value φ(α) = f(x + αd)
 * @param derivative φ′(α) = ∇f(x + αd)ᵀd
 */
public record LinePoint(double step, double value, double derivative) {

  /** Whether both φ(α) and φ′(α) are finite. */
  public boolean isFinite() {
    return Double.isFinite(value) && Double.isFinite(derivative);
  }
}
