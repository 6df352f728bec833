package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The inverse tangent.
 *
 * <p>Immutable and thread-safe.
 */
public final class Atan extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Atan() {
    super(Notation.function("atan", "arctan", "\\arctan"), Trait.ODD);
  }

  /** d/dx arctan x = 1/(1 + x²) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return div(g, add(constant(1), square(x)));
  }

  @Override
  public double apply(double x) {
    return Math.atan(x);
  }
}
