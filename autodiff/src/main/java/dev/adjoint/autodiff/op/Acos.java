package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The inverse cosine, defined on [−1, 1].
 *
 * <p>Immutable and thread-safe.
 */
public final class Acos extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Acos() {
    super(Notation.function("acos", "arccos", "\\arccos"));
  }

  /** d/dx arccos x = −1/√(1 − x²) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return neg(div(g, sqrt(sub(constant(1), square(x)))));
  }

  @Override
  public double apply(double x) {
    return Math.acos(x);
  }
}
