package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The inverse sine, defined on [−1, 1].
 *
 * <p>Immutable and thread-safe.
 */
public final class Asin extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Asin() {
    super(Notation.function("asin", "arcsin", "\\arcsin"), Trait.ODD);
  }

  /** d/dx arcsin x = 1/√(1 − x²) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return div(g, sqrt(sub(constant(1), square(x))));
  }

  @Override
  public double apply(double x) {
    return Math.asin(x);
  }
}
