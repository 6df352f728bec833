package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The hyperbolic sine.
 *
 * <p>Immutable and thread-safe.
 */
public final class Sinh extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Sinh() {
    super(Notation.function("sinh", "sinh", "\\sinh"), Trait.ODD);
  }

  /** d/dx sinh x = cosh x */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, cosh(x));
  }

  @Override
  public double apply(double x) {
    return Math.sinh(x);
  }
}
