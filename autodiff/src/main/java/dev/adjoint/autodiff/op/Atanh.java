package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The inverse hyperbolic tangent, ½ log((1 + x)/(1 − x)), defined on (−1, 1).
 *
 * <p>Immutable and thread-safe.
 */
public final class Atanh extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Atanh() {
    super(Notation.function("atanh", "artanh", "\\operatorname{artanh}"), Trait.ODD);
  }

  /** d/dx artanh x = 1/(1 − x²) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return div(g, sub(constant(1), square(x)));
  }

  @Override
  public double apply(double x) {
    return 0.5 * (Math.log1p(x) - Math.log1p(-x));
  }
}
