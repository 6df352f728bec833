package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The tangent.
 *
 * <p>Immutable and thread-safe.
 */
public final class Tan extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Tan() {
    super(Notation.function("tan", "tan", "\\tan"), Trait.ODD);
  }

  /** d/dx tan x = 1 + tan² x */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, add(constant(1), square(out)));
  }

  @Override
  public double apply(double x) {
    return Math.tan(x);
  }
}
