package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The base-2 logarithm.
 *
 * <p>Immutable and thread-safe.
 */
public final class Log2 extends ElementwiseFunction {

  private static final double LN_2 = Math.log(2);

  /** The op; all instances are equal. */
  public Log2() {
    super(Notation.function("log2", "log₂", "\\log_{2}"));
  }

  /** d/dx log₂ x = 1/(x ln 2) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return div(g, mul(x, constant(LN_2)));
  }

  @Override
  public double apply(double x) {
    if (x > 0 && x < Double.POSITIVE_INFINITY && x == Math.scalb(1.0, Math.getExponent(x))) {
      return Math.getExponent(x); // exact at powers of two, log(8)/log(2) need not be
    }
    return Math.log(x) / LN_2;
  }
}
