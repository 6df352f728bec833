package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The digamma function ψ(x) = d/dx ln Γ(x) (Apache Commons Numbers).
 *
 * <p>Immutable and thread-safe.
 */
public final class Digamma extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Digamma() {
    super(Notation.function("digamma", "ψ", "\\psi"));
  }

  /** d/dx ψ(x) = ψ⁽¹⁾(x), the trigamma function */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, polygamma(x, 1));
  }

  @Override
  public double apply(double x) {
    return org.apache.commons.numbers.gamma.Digamma.value(x);
  }
}
