package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The hyperbolic cosine.
 *
 * <p>Immutable and thread-safe.
 */
public final class Cosh extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Cosh() {
    super(Notation.function("cosh", "cosh", "\\cosh"), Trait.EVEN);
  }

  /** d/dx cosh x = sinh x */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, sinh(x));
  }

  @Override
  public double apply(double x) {
    return Math.cosh(x);
  }
}
