package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * eˣ − 1, accurate for small x.
 *
 * <p>Immutable and thread-safe.
 */
public final class Expm1 extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Expm1() {
    super(Notation.function("expm1", "expm1", "\\operatorname{expm1}"));
  }

  /** d/dx (eˣ − 1) = eˣ */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, exp(x));
  }

  @Override
  public double apply(double x) {
    return Math.expm1(x);
  }
}
