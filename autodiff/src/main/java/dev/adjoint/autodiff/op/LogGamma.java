package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The logarithm of the gamma function, log |Γ(x)| (Apache Commons Numbers).
 *
 * <p>Immutable and thread-safe.
 */
public final class LogGamma extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public LogGamma() {
    super(Notation.function("lgamma", "lnΓ", "\\ln\\Gamma"));
  }

  /** d/dx ln Γ(x) = ψ(x) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, digamma(x));
  }

  @Override
  public double apply(double x) {
    return org.apache.commons.numbers.gamma.LogGamma.value(x);
  }
}
