package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The base-10 logarithm.
 *
 * <p>Immutable and thread-safe.
 */
public final class Log10 extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Log10() {
    super(Notation.function("log10", "log₁₀", "\\log_{10}"));
  }

  /** d/dx log₁₀ x = 1/(x ln 10) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return div(g, mul(x, constant(Math.log(10))));
  }

  @Override
  public double apply(double x) {
    return Math.log10(x);
  }
}
